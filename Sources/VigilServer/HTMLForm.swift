import Foundation

/// A submitted HTML form: `application/x-www-form-urlencoded` or `multipart/form-data` (for file uploads). Parsing
/// is bounded — at most 200 fields, part headers of at most 8 KiB — and anything not shaped as the standard says is
/// refused with the reason, never guessed at.
struct HTMLForm: Sendable {
    struct File: Sendable {
        var filename: String
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static let maximumFields = 200

    /// Whether a content type is one of the form encodings.
    static func isForm(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data")
    }

    init(contentType: String?, body: [UInt8]) throws {
        let type = contentType ?? ""
        if type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            try self.init(urlEncoded: body)
        } else if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.parameter("boundary", of: type), !boundary.isEmpty, boundary.utf8.count <= 70
            else { throw Malformed(description: "a multipart form needs a boundary of 1 to 70 characters") }
            try self.init(multipart: body, boundary: boundary)
        } else {
            throw Malformed(description: "not a form: \(type.isEmpty ? "no content type" : type)")
        }
    }

    init(urlEncoded body: [UInt8]) throws {
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard fields.count < Self.maximumFields else { throw Malformed(description: "too many form fields") }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let decoded = try parts.map { part -> String in
                let text = String(
                    decoding: part.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                guard let value = text.removingPercentEncoding else {
                    throw Malformed(description: "a form field is not percent-encoded correctly")
                }
                return value
            }
            fields[decoded[0]] = decoded.count > 1 ? decoded[1] : ""
        }
    }

    init(multipart body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        var index =
            try Self.find(delimiter, in: body, from: 0) ?? { throw Malformed(description: "no first boundary") }()
        index += delimiter.count
        while true {
            // After a boundary: "--" ends the form, CRLF starts a part.
            if body[index...].starts(with: Array("--".utf8)) { return }
            guard body[index...].starts(with: [13, 10]) else {
                throw Malformed(description: "a boundary is not followed by a line break")
            }
            index += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: index), headerEnd - index <= 8_192 else {
                throw Malformed(description: "a part's headers do not end, or are over 8 KiB")
            }
            let headers = String(decoding: body[index..<headerEnd], as: UTF8.self)
            index = headerEnd + 4
            guard let end = Self.find([13, 10] + delimiter, in: body, from: index) else {
                throw Malformed(description: "a part does not end with the boundary")
            }
            let content = Array(body[index..<end])
            index = end + 2 + delimiter.count
            guard fields.count + files.count < Self.maximumFields else {
                throw Malformed(description: "too many form fields")
            }
            var disposition: String?
            for line in headers.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "content-disposition" {
                    disposition = String(pair[1]).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let disposition, disposition.lowercased().hasPrefix("form-data"),
                let name = Self.parameter("name", of: disposition)
            else { throw Malformed(description: "a part has no Content-Disposition: form-data with a name") }
            if let filename = Self.parameter("filename", of: disposition) {
                files[name] = File(filename: filename, bytes: content)
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
            guard index < body.count else { throw Malformed(description: "the form ends without its last boundary") }
        }
    }

    /// A header parameter (`boundary=…`, `name="…"`), quoted or not.
    static func parameter(_ name: String, of header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
