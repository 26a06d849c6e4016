/// The built-in letter (`index.html`), a Mustache template. A team replaces it with
/// `organisation.know_template:`; the names it may use are those `KnowLetter.context`
/// builds. `{{...}}` escapes HTML — values are hostile input — so a replacement template
/// should never use `{{{...}}}` for anything that came from a record.
enum KnowLetterTemplate {
    static let text = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
    <title>Your request to know — {{organisation}}</title>
    <style>
    body { font-family: Georgia, serif; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #111; }
    h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
    table { border-collapse: collapse; width: 100%; margin: .5em 0; } th, td { border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    .notice { border: 2px solid #a60; padding: .6em 1em; background: #fff8ee; }
    @media print { .notice { background: none; } a { color: inherit; } }
    </style>
    </head>
    <body>
    <header>
    <p>{{organisation}}{{#contact}} · {{contact}}{{/contact}}</p>
    <p>Request {{requestID}} · received {{received}} · answered {{generated}}</p>
    </header>
    <main>
    <h1>Your request to know what personal information we hold</h1>
    {{#incomplete}}
    <p class="notice" role="alert"><strong>This answer is incomplete.</strong> {{#incompleteReasons}}{{.}} {{/incompleteReasons}}{{#incompleteAllowed}}We are sending it now because: {{incompleteAllowed}}{{/incompleteAllowed}}</p>
    {{/incomplete}}
    {{#statement}}<p class="notice">{{statement}}</p>{{/statement}}
    {{^denied}}
    <p>This is the personal information {{organisation}} holds about you{{#window}}, collected between {{from}} and {{to}}{{/window}}.{{#excluded}} {{excluded}} older record(s) fall outside that period and are not included.{{/excluded}}{{#undated}} {{undated}} record(s) carry no collection date and are included.{{/undated}}</p>

    <h2 id="categories">Categories of personal information we collected</h2>
    <table><thead><tr><th scope="col">Category</th><th scope="col">Pieces of information</th></tr></thead><tbody>
    {{#categories}}<tr><td>{{label}}</td><td>{{pieces}}</td></tr>
    {{/categories}}</tbody></table>

    <h2 id="sources">Categories of sources</h2>
    <ul>{{#sources}}<li>{{.}}</li>{{/sources}}</ul>

    <h2 id="purposes">Business or commercial purposes</h2>
    <ul>{{#purposes}}<li>{{.}}</li>{{/purposes}}</ul>

    <h2 id="third-parties">Categories of third parties we disclose it to</h2>
    <ul>{{#thirdParties}}<li>{{.}}</li>{{/thirdParties}}{{^thirdParties}}<li>none</li>{{/thirdParties}}</ul>

    <h2 id="sold-or-shared">Categories sold or shared, and to whom</h2>
    <table><thead><tr><th scope="col">Category</th><th scope="col">Sold or shared to</th></tr></thead><tbody>
    {{#soldOrShared}}<tr><td>{{label}}</td><td>{{recipients}}</td></tr>
    {{/soldOrShared}}{{^soldOrShared}}<tr><td colspan="2">We did not sell or share your personal information.</td></tr>{{/soldOrShared}}</tbody></table>

    <h2 id="business-purpose">Categories disclosed for a business purpose, and to whom</h2>
    <table><thead><tr><th scope="col">Category</th><th scope="col">Disclosed to</th></tr></thead><tbody>
    {{#businessPurpose}}<tr><td>{{label}}</td><td>{{recipients}}</td></tr>
    {{/businessPurpose}}{{^businessPurpose}}<tr><td colspan="2">We did not disclose your personal information for a business purpose.</td></tr>{{/businessPurpose}}</tbody></table>

    <h2 id="pieces">The specific pieces of personal information</h2>
    {{#pieces}}
    {{#systems}}
    <h3>{{source}}{{#partial}} (searched only in part){{/partial}}</h3>
    {{#records}}
    <table><caption>Record {{key}} in {{container}}{{#collected}}, collected {{collected}}{{/collected}}</caption>
    <thead><tr><th scope="col">Field</th><th scope="col">Category</th><th scope="col">Value</th></tr></thead><tbody>
    {{#fields}}<tr><td>{{name}}</td><td>{{category}}</td><td>{{value}}</td></tr>
    {{/fields}}</tbody></table>
    {{/records}}
    {{/systems}}
    <p>The same information is in the files under <code>data/</code> (one CSV file per system and file or table) and in <code>response.json</code>.</p>
    {{/pieces}}
    {{^pieces}}<p>This answer lists categories only; it does not include specific pieces of information.</p>{{/pieces}}
    {{#gdpr}}
    <h2 id="gdpr">Your rights under the GDPR (Article 15)</h2>
    {{#articles}}<h3>Art. {{article}} — {{title}}</h3><ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul>
    {{/articles}}
    {{/gdpr}}
    {{/denied}}
    <h2 id="completeness">How we searched</h2>
    <table><thead><tr><th scope="col">System</th><th scope="col">Searched</th></tr></thead><tbody>
    {{#systemStatus}}<tr><td>{{source}}</td><td>{{status}}</td></tr>
    {{/systemStatus}}</tbody></table>
    {{#notSearched}}<p>Not searched: {{source}} — {{reason}}</p>{{/notSearched}}
    {{#review}}<p>{{review}} further record(s) may concern you and are being reviewed by our staff; if they are yours, we will send them to you.</p>{{/review}}
    {{#privacyPolicy}}<p>Our privacy policy: {{privacyPolicy}}</p>{{/privacyPolicy}}
    </main>
    </body>
    </html>

    """
}
