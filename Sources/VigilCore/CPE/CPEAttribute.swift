/// The eleven attributes of a CPE 2.3 well-formed name, in binding order (NISTIR 7695 §5.2).
public enum CPEAttribute: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case part
    case vendor
    case product
    case version
    case update
    case edition
    case language
    case swEdition = "sw_edition"
    case targetSW = "target_sw"
    case targetHW = "target_hw"
    case other

    /// The attribute's name in a WFN: `sw_edition`.
    public var description: String { rawValue }
}
