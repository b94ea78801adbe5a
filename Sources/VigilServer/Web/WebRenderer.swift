import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import VigilCore

/// Renders the web UI's pages: the templates of ``WebTemplates`` with the signed-in user's name, role and CSRF
/// token, and the headers every page gets (a strict Content-Security-Policy: no script at all, styles from this
/// server, forms only to it; no framing; no caching).
struct WebRenderer: Sendable {
    let library: MustacheLibrary
    let tool: String

    /// A template of ``WebTemplates`` that does not parse.
    struct TemplateError: Error, CustomStringConvertible {
        var template: String
        var underlying: any Error
        var description: String { "the web UI's template '\(template)' does not parse: \(underlying)" }
    }

    init(tool: String) throws {
        var library = MustacheLibrary()
        for (name, text) in WebTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError(template: name, underlying: error)
            }
        }
        self.library = library
        self.tool = tool
    }

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin", .cacheControl: "no-store",
    ]

    func page(
        _ template: String, title: String, identity: Identity?, _ values: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = values
        context["title"] = title
        context["tool"] = tool
        if let identity {
            context["signedIn"] = true
            context["user"] = identity.user
            context["role"] = identity.role.rawValue
            context["isAdmin"] = identity.role >= .admin
            context["canWrite"] = identity.role >= .analyst && identity.scope == .write
            if let csrf = identity.csrf { context["csrf"] = csrf }
        }
        let html = library.render(context, withTemplate: template) ?? ""
        return Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A problem as a page, for browsers (the API answers JSON).
    func problem(_ error: APIError, identity: Identity?) -> Response {
        var response = page(
            "error", title: error.status.reasonPhrase, identity: identity, ["message": error.message],
            status: error.status)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

/// A path segment, percent-encoded.
func segment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
}

/// A value with nil and empty strings left out, so that a template's `{{#key}}` sections see nothing.
func present(_ values: [String: Any?]) -> [String: Any] {
    var result: [String: Any] = [:]
    for (key, value) in values {
        guard let value else { continue }
        if let text = value as? String, text.isEmpty { continue }
        result[key] = value
    }
    return result
}
