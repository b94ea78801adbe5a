/// An RFC 4180 CSV reader: comma-separated fields, double-quoted fields with `""` escapes and line breaks inside,
/// CRLF or LF line ends.
struct CSVReader {
    struct Malformed: Error {
        var line: Int
        var reason: String
    }

    /// The rows, each with the 1-based line it starts on.
    static func rows(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var index = bytes.startIndex
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.endIndex, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !quoted else {
                        throw Malformed(line: line, reason: "a quote inside an unquoted field")
                    }
                    inQuotes = true
                    quoted = true
                case UInt8(ascii: ","):
                    endField()
                case 0x0D:
                    break
                case 0x0A:
                    endField()
                    rows.append((rowLine, fields))
                    fields.removeAll(keepingCapacity: true)
                    line += 1
                    rowLine = line
                default:
                    guard !quoted else { throw Malformed(line: line, reason: "text after a closing quote") }
                    field.append(byte)
                }
            }
            index += 1
        }
        if inQuotes { throw Malformed(line: rowLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || quoted {
            endField()
            rows.append((rowLine, fields))
        }
        return rows
    }
}
