import ArgumentParser
import Foundation
import FootprintCore

extension FootprintBench {
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score classification on piicatcher's labelled data: value detection beside name-only proposals.",
            discussion: """
            Columns: piicatcher's sample-data.csv (30 rows), labelled by its test_api.py where it \
            labels them and by their plain content otherwise (see `truth`). Each column is \
            classified four ways — by its name alone (FieldClassifier), by its values alone, by \
            both as `discover` does, and by name and by values with the headers replaced by \
            column_1… (an export whose headers say nothing) — and precision and recall are printed per kind. \
            Values: piicatcher's datum cases (tests/test_scanner.py), each classified alone.
            """)

        @Option(help: "The piicatcher corpus folder.") var corpus = "../shared/corpus/piicatcher"

        /// sample-data.csv's columns and the kind each holds. From test_api.py: address
        /// (Address), email, fname, lname, maiden_name (Person); city and state are Address
        /// there but no value kind here (not street lines), so they are left out. By content:
        /// id holds SSN-shaped numbers (SOURCES.md), birthdate dates of birth, zip ZIP codes,
        /// phone phone numbers, cc_number card numbers; gender, cc_type, cc_cvc and
        /// cc_expiredate hold none of the kinds.
        static let truth: [String: ValueKind?] = [
            "id": .ssn, "gender": nil, "birthdate": .dateOfBirth, "maiden_name": .personName, "lname": .personName, "fname": .personName,
            "address": .streetLine, "zip": .postalCode, "phone": .phone, "email": .email, "cc_type": nil,
            "cc_number": .paymentCard, "cc_cvc": nil, "cc_expiredate": nil,
        ]

        /// piicatcher's datum test functions and the kind each asserts.
        static let datumKinds: [String: ValueKind] = [
            "test_datum_regex_phone": .phone, "test_datum_regex_email": .email, "test_datum_regex_cc": .paymentCard,
            "test_datum_regex_address": .streetLine, "test_datum_regex_ssn": .ssn, "test_datum_regex_zipcode": .postalCode,
        ]

        func run() throws {
            let columns = try Self.columns(corpus + "/sample-data.csv")
            let classifier = ValueClassifier(region: "US", currentYear: 2026)
            var predictions: [String: [String: ValueKind?]] = ["name only": [:], "values only": [:], "names + values": [:], "name only, headers hidden": [:],
                                                                "values, headers hidden": [:]]
            for (index, (name, values)) in columns.enumerated() where Self.truth.keys.contains(name) {
                let observation = values.reduce(into: FieldObservation()) { $0.add(classifier.classify($1)) }
                predictions["name only"]![name] = FieldClassifier.propose(name: name).flatMap { Self.kind($0, name: name) }
                predictions["values only"]![name] = observation.dominant?.kind
                let both = ColumnAssessment.assess(name: name, observation: observation)
                let guess: ValueKind? = both.kind ?? both.proposal.flatMap { Self.kind($0, name: name) }
                predictions["names + values"]![name] = guess
                predictions["name only, headers hidden"]![name] = FieldClassifier.propose(name: "column_\(index + 1)").flatMap { Self.kind($0, name: "column_\(index + 1)") }
                predictions["values, headers hidden"]![name] = ColumnAssessment.assess(name: "column_\(index + 1)", observation: observation).kind
            }
            print("== columns of sample-data.csv (\(Self.truth.count) scored): precision / recall per kind")
            let kinds = ValueKind.allCases.filter { kind in Self.truth.values.contains { $0 == kind } }
            let ways = ["name only", "values only", "names + values", "name only, headers hidden", "values, headers hidden"]
            print("kind".padding(toLength: 16, withPad: " ", startingAt: 0) + ways.map { $0.padding(toLength: 27, withPad: " ", startingAt: 0) }.joined())
            for kind in kinds {
                var line = kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
                for way in ways { line += Self.score(kind, predictions[way]!).padding(toLength: 27, withPad: " ", startingAt: 0) }
                print(line)
            }
            try datums(classifier)
        }

        /// Each datum case alone: is its kind found (whole, or carried in the text)?
        func datums(_ classifier: ValueClassifier) throws {
            let cases = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: corpus + "/piicatcher_scanner_cases.json"))) as! [[String: Any]]
            var labelled: [(text: String, kind: ValueKind)] = []
            for test in cases {
                guard let kind = Self.datumKinds[test["test_function"] as? String ?? ""] else { continue }
                for item in test["cases"] as? [[String: Any]] ?? [] { if let text = item["text"] as? String { labelled.append((text, kind)) } }
            }
            print("\n== piicatcher datum cases (\(labelled.count) values, each classified alone; name-only cannot see values)")
            for kind in Set(labelled.map(\.kind)).sorted() {
                var tp = 0, fp = 0, fn = 0
                for (text, label) in labelled {
                    let verdict = classifier.classify(text)
                    let found = verdict.whole.contains(kind) || verdict.inText.contains(kind)
                    if found && label == kind { tp += 1 } else if found { fp += 1 } else if label == kind { fn += 1 }
                }
                let missed = labelled.filter { $0.kind == kind && !(classifier.classify($0.text).whole.contains(kind) || classifier.classify($0.text).inText.contains(kind)) }.map(\.text)
                print(kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0) + "precision \(Self.ratio(tp, tp + fp))  recall \(Self.ratio(tp, tp + fn))"
                      + (missed.isEmpty ? "" : "  not taken: \(missed.joined(separator: " | "))"))
            }
        }

        static func score(_ kind: ValueKind, _ predicted: [String: ValueKind?]) -> String {
            var tp = 0, fp = 0, fn = 0
            for (column, label) in truth {
                let guess = predicted[column] ?? nil
                if guess == kind && label == kind { tp += 1 } else if guess == kind { fp += 1 } else if label == kind { fn += 1 }
            }
            return "\(ratio(tp, tp + fp)) / \(ratio(tp, tp + fn))"
        }

        static func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : String(format: "%.2f", Double(a) / Double(b)) }

        /// The value kind a mapping proposal stands for.
        static func kind(_ proposal: FieldClassifier.Proposal, name: String) -> ValueKind? {
            switch proposal.identifier {
            case .email?: return .email
            case .phone?: return .phone
            case .dob?: return .dateOfBirth
            case .name?: return .personName
            case .address?: return proposal.part == .zip ? .postalCode : proposal.part == .street || proposal.part == .full ? .streetLine : nil
            default:
                if proposal.redact && proposal.category == .L { return .ssn }
                // A card's security code is redacted too, but is no card number.
                let words = name.lowercased()
                if proposal.redact && proposal.category == .B && ["card", "ccnum", "cc_num", "ccn", "pan", "number"].contains(where: words.contains) { return .paymentCard }
                return nil
            }
        }

        /// The CSV's columns, by header, with their values (the file quotes no field).
        static func columns(_ path: String) throws -> [(String, [String])] {
            guard FileManager.default.fileExists(atPath: path) else { throw BenchError("no \(path): give --corpus the piicatcher folder of ../shared/corpus") }
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = lines[0]
            return header.enumerated().map { index, name in (name, lines.dropFirst().compactMap { index < $0.count ? $0[index] : nil }) }
        }
    }
}
