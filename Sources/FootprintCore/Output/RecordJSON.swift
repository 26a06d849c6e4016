/// The `footprint records` line format: one JSON object per record,
/// `{"source","container","key","fields":{name: value, ...}}`, fields in source order.
public enum RecordJSON {
    public static func line(_ record: Record) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("source"); json.string(record.locator.source)
        json.key("container"); json.string(record.locator.container)
        json.key("key"); json.string(record.locator.key)
        json.key("fields")
        json.beginObject()
        for field in record.fields {
            json.key(field.name)
            json.value(field.value)
        }
        json.endObject()
        json.endObject()
        return json.output
    }
}
