import Foundation
import Testing

@testable import VigilServer

/// Forms as browsers send them, and what they never should: every malformed shape is refused with a reason.
@Suite struct HTMLFormTests {
    static func multipart(_ parts: [(String, String?, String)], boundary: String = "XyZ") -> [UInt8] {
        var body = ""
        for (name, filename, content) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let filename { body += "; filename=\"\(filename)\"\r\nContent-Type: application/json" }
            body += "\r\n\r\n\(content)\r\n"
        }
        return Array((body + "--\(boundary)--\r\n").utf8)
    }

    @Test("URL-encoded fields: plus and percent decoded, empty values kept, the last of a name wins")
    func urlEncoded() throws {
        let form = try HTMLForm(
            contentType: "application/x-www-form-urlencoded",
            body: Array("name=anna&password=correct+horse%20battery&empty=&flag&name=olga&note=%C3%A9t%C3%A9".utf8))
        #expect(form.fields["password"] == "correct horse battery")
        #expect(form.fields["empty"] == "" && form.fields["flag"] == "")
        #expect(form.fields["name"] == "olga" && form.fields["note"] == "été")
        #expect(throws: HTMLForm.Malformed.self) {
            try HTMLForm(contentType: "application/x-www-form-urlencoded", body: Array("a=%zz".utf8))
        }
    }

    @Test("multipart: fields and files, binary content kept byte for byte, quoted and bare boundaries")
    func multipart() throws {
        let body = Self.multipart([
            ("csrf", nil, "abc"), ("version", nil, "2.4.1"), ("sbom", "bom.json", "{\"a\":\r\n1}"),
        ])
        let form = try HTMLForm(contentType: "multipart/form-data; boundary=XyZ", body: body)
        #expect(form.fields == ["csrf": "abc", "version": "2.4.1"])
        #expect(form.files["sbom"]?.filename == "bom.json")
        #expect(form.files["sbom"]?.bytes == Array("{\"a\":\r\n1}".utf8))
        let quoted = try HTMLForm(contentType: "multipart/form-data; boundary=\"XyZ\"", body: body)
        #expect(quoted.fields["csrf"] == "abc")
        var binary = Array("--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".utf8)
        let bytes = (0..<256).map { UInt8($0) }
        binary += bytes + Array("\r\n--B--".utf8)
        #expect(try HTMLForm(contentType: "multipart/form-data; boundary=B", body: binary).files["f"]?.bytes == bytes)
    }

    @Test(
        "malformed, truncated and hostile multipart bodies are refused",
        arguments: [
            ("multipart/form-data", "--XyZ\r\n"),
            ("multipart/form-data; boundary=", "--\r\n"),
            ("multipart/form-data; boundary=XyZ", ""),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\""),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--"),
            ("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: attachment\r\n\r\nv\r\n--XyZ--"),
            ("multipart/form-data; boundary=XyZ", "--XyZgarbage"),
            (
                "multipart/form-data; boundary=XyZ",
                "--XyZ\r\nX: " + String(repeating: "a", count: 9_000) + "\r\n\r\nv\r\n--XyZ--"
            ),
            ("text/plain", "a=b"),
        ])
    func malformed(contentType: String, body: String) {
        #expect(throws: HTMLForm.Malformed.self) { try HTMLForm(contentType: contentType, body: Array(body.utf8)) }
    }

    @Test("no more than 200 fields, however they are sent")
    func fieldLimit() {
        let many = (0..<201).map { ("f\($0)", nil as String?, "v") }
        #expect(throws: HTMLForm.Malformed.self) {
            try HTMLForm(contentType: "multipart/form-data; boundary=XyZ", body: Self.multipart(many))
        }
        #expect(throws: HTMLForm.Malformed.self) {
            try HTMLForm(
                contentType: "application/x-www-form-urlencoded",
                body: Array((0..<201).map { "f\($0)=v" }.joined(separator: "&").utf8))
        }
    }
}
