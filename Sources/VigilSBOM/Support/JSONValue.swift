/// Any JSON value, for formats whose documents mix element shapes (SPDX 3 JSON-LD graphs).
enum JSONValue: Codable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// The string, if this is one.
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    var object: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array; a single value reads as a one-element array (JSON-LD allows both).
    var array: [JSONValue] {
        switch self {
        case .array(let value): value
        case .null: []
        default: [self]
        }
    }

    /// The strings of an array (or of a single string).
    var strings: [String] { array.compactMap(\.string) }

    subscript(key: String) -> JSONValue? { object?[key] }
}

extension Dictionary where Key == String, Value == JSONValue {
    /// Sets a string member when the value is present.
    mutating func set(_ key: String, _ value: String?) {
        if let value { self[key] = .string(value) }
    }

    /// Sets an array of strings when it is not empty.
    mutating func set(_ key: String, _ values: [String]) {
        if !values.isEmpty { self[key] = .array(values.map(JSONValue.string)) }
    }
}
