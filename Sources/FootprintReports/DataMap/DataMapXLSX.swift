import CXLSXWriter
import Foundation
import FootprintCore

/// The data map as a workbook a DPO opens: one worksheet per sheet (Systems, Fields,
/// Undeclared, CCPA notice, Art. 30), a bold frozen header row, filters on every column
/// and widths a person can read. Written with libxlsxwriter; every cell is a string
/// (never a formula, whatever it starts with).
public enum DataMapXLSX {
    public struct WorkbookError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func workbook(_ map: DataMap) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "footprint-datamap-\(UUID().uuidString).xlsx"
        defer { unlink(path) }
        guard let book = workbook_new(path) else { throw WorkbookError(description: "cannot start the workbook in \(NSTemporaryDirectory())") }
        let header = workbook_add_format(book)
        format_set_bold(header)
        format_set_bg_color(header, 0xF0F0F0)
        format_set_text_wrap(header)
        format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        let wrap = workbook_add_format(book)
        format_set_text_wrap(wrap)
        format_set_align(wrap, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        for sheet in DataMapSheets.sheets(map) {
            guard let worksheet = workbook_add_worksheet(book, sheet.name) else { throw WorkbookError(description: "cannot add the sheet \(sheet.name)") }
            for (column, title) in sheet.header.enumerated() { worksheet_write_string(worksheet, 0, lxw_col_t(column), title, header) }
            for (index, row) in sheet.rows.enumerated() {
                for (column, text) in row.enumerated() {
                    // Excel holds at most 32,767 characters in a cell.
                    worksheet_write_string(worksheet, lxw_row_t(index + 1), lxw_col_t(column), String(text.prefix(32_000)), wrap)
                }
            }
            for (column, width) in sheet.widths.enumerated() { worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, nil) }
            worksheet_freeze_panes(worksheet, 1, 0)
            worksheet_autofilter(worksheet, 0, 0, lxw_row_t(max(sheet.rows.count, 1)), lxw_col_t(sheet.header.count - 1))
        }
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else { throw WorkbookError(description: "cannot write the workbook: \(String(cString: lxw_strerror(status)))") }
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkbookError(description: "the workbook was not written") }
        return [UInt8](data)
    }
}
