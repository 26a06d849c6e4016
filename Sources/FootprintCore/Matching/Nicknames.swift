/// Common English given-name diminutives, so that "Bill Smith" can meet "William Smith".
/// A nickname agreement is evidence of a *fuzzy* kind: two relatives may be a William
/// and a Bill. Each group lists the formal name first.
enum Nicknames {
    static let groups: [[String]] = [
        ["william", "bill", "billy", "will", "willy", "liam", "wil"],
        ["robert", "bob", "bobby", "rob", "robbie", "bert"],
        ["richard", "rick", "ricky", "dick", "rich", "richie"],
        ["elizabeth", "liz", "lizzy", "beth", "betty", "eliza", "betsy", "libby", "lisa", "elisabeth"],
        ["margaret", "maggie", "meg", "peggy", "marge", "margie", "greta"],
        ["katherine", "kate", "katie", "kathy", "cathy", "kat", "kitty", "catherine", "kathryn", "katharine"],
        ["james", "jim", "jimmy", "jamie"],
        ["john", "johnny", "jack", "jon"],
        ["jonathan", "jon", "jonny", "nathan"],
        ["joseph", "joe", "joey", "jo"],
        ["michael", "mike", "mikey", "mick", "mickey"],
        ["thomas", "tom", "tommy"],
        ["charles", "charlie", "chuck", "chas"],
        ["christopher", "chris", "kit", "topher"],
        ["christine", "chris", "chrissy", "tina", "kristine", "christina"],
        ["daniel", "dan", "danny"],
        ["david", "dave", "davey"],
        ["edward", "ed", "eddie", "ted", "ned"],
        ["anthony", "tony"],
        ["andrew", "andy", "drew"],
        ["alexander", "alex", "al", "sandy", "xander"],
        ["alexandra", "alex", "sandra", "lexi", "sasha"],
        ["benjamin", "ben", "benny", "benji"],
        ["matthew", "matt", "matty"],
        ["nicholas", "nick", "nicky", "nico"],
        ["patrick", "pat", "paddy"],
        ["patricia", "pat", "patty", "trish", "tricia"],
        ["peter", "pete"],
        ["samuel", "sam", "sammy"],
        ["samantha", "sam", "sammy"],
        ["stephen", "steve", "stevie", "steven"],
        ["timothy", "tim", "timmy"],
        ["gregory", "greg"],
        ["jennifer", "jen", "jenny", "jenn"],
        ["jessica", "jess", "jessie"],
        ["susan", "sue", "suzy", "susie"],
        ["deborah", "deb", "debbie", "debra"],
        ["rebecca", "becky", "becca"],
        ["barbara", "barb", "barbie"],
        ["victoria", "vicky", "tori"],
        ["dorothy", "dot", "dottie"],
        ["frances", "fran", "frannie"],
        ["francis", "frank", "frankie"],
        ["frederick", "fred", "freddy"],
        ["henry", "hank", "harry"],
        ["harold", "harry", "hal"],
        ["lawrence", "larry"],
        ["leonard", "leo", "len", "lenny"],
        ["raymond", "ray"],
        ["ronald", "ron", "ronnie"],
        ["donald", "don", "donnie"],
        ["douglas", "doug"],
        ["gerald", "gerry", "jerry"],
        ["kenneth", "ken", "kenny"],
        ["zachary", "zach", "zack"],
        ["abigail", "abby", "gail"],
        ["amanda", "mandy"],
        ["cynthia", "cindy"],
        ["pamela", "pam"],
        ["sarah", "sally", "sadie", "sara"],
        ["theresa", "terry", "tess", "tessa", "teresa"],
        ["valerie", "val"],
        ["josephine", "jo", "josie"],
        ["mary", "molly", "polly", "mae", "maria", "marie"],
        ["ana", "anna", "anne", "ann", "annie", "hannah"],
        ["olivia", "liv", "livvy"],
        ["emily", "em", "emmy"],
        ["kimberly", "kim", "kimmy"],
        ["joshua", "josh"],
        ["nancy", "nan"],
        ["ashley", "ash"],
        ["jacqueline", "jackie", "jacquie"],
        ["melissa", "mel", "missy"],
        ["stephanie", "steph", "stephie"],
        ["nicole", "nikki", "nicky"],
        ["angela", "angie"],
        ["rachel", "rach"],
        ["jose", "pepe"],
        ["francisco", "paco", "pancho"],
        ["guillermo", "memo"],
    ]

    /// For each name, the set of group ids it belongs to.
    static let groupIDs: [String: Set<Int>] = {
        var table: [String: Set<Int>] = [:]
        for (index, group) in groups.enumerated() {
            for name in group { table[name, default: []].insert(index) }
        }
        return table
    }()

    /// The known variants of a folded given name (not the name itself).
    static func variants(of name: String) -> Set<String> {
        guard let ids = groupIDs[name] else { return [] }
        var names = Set(ids.flatMap { groups[$0] })
        names.remove(name)
        return names
    }

    /// Whether two folded given names are known variants of one another.
    static func areVariants(_ a: String, _ b: String) -> Bool {
        guard a != b, let x = groupIDs[a], let y = groupIDs[b] else { return false }
        return !x.isDisjoint(with: y)
    }
}
