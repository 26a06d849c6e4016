import FootprintCore

/// The data map as CSV, one file per sheet (RFC 4180, CRLF). A cell a spreadsheet would
/// run as a formula (= + - @ first) is written with a leading apostrophe: field names and
/// facts are typed by others and must not execute where the file is opened.
public enum DataMapCSV {
    public static func files(_ map: DataMap) -> [(path: String, bytes: [UInt8])] {
        DataMapSheets.sheets(map).map { sheet in
            (sheet.file, Array(([sheet.header] + sheet.rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined().utf8))
        }
    }

    static func cell(_ text: String) -> String { CSVCell.escape(text) }
}
