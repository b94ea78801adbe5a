import Foundation
import Testing
import VigilCore
import VigilTesting

/// The store indexes criteria by vendor and product read straight from the formatted string; it must agree with a
/// full parse.
@Suite struct CPEVendorProductTests {
    static func expected(_ criteria: String) throws -> (String, String) {
        let name = try CPEName(parsing: criteria)
        return (name.vendor.plainText ?? "*", name.product.plainText ?? "*")
    }

    @Test(arguments: [
        "cpe:2.3:a:openssl:openssl:1.0.2:*:*:*:*:*:*:*",
        "cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*",
        "cpe:2.3:a:*:*:*:*:*:*:*:*:*:*",
        "cpe:2.3:a:-:-:*:*:*:*:*:*:*:*",
        #"cpe:2.3:a:at\&t:connect\:direct:1.0:*:*:*:*:*:*:*"#,
        #"cpe:2.3:a:a\-:\*b:1.0:*:*:*:*:*:*:*"#,
        "cpe:2.3:a:micro*:win?:*:*:*:*:*:*:*:*",
        #"cpe:2.3:a:ex\!ample:pro\.duct:*:*:*:*:*:*:*:*"#,
    ])
    func agreesWithAFullParse(criteria: String) throws {
        let fast = try #require(CPEName.vendorAndProduct(ofFormattedString: criteria))
        let full = try Self.expected(criteria)
        #expect(fast.vendor == full.0 && fast.product == full.1)
    }

    @Test func rejectsWhatIsNoFormattedString() {
        for text in ["", "cpe:/a:openssl:openssl", "cpe:2.3:a", "cpe:2.3:a:vendor", "cpe:2.3:a::product:1"] {
            #expect(CPEName.vendorAndProduct(ofFormattedString: text) == nil, "\(text)")
        }
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.missingMessage))
    func agreesOnEveryCriterionOfTheNVDSubset() throws {
        let url = try #require(SharedData.url("nvd/nvd-embedded-subset-2002-2015.json"))
        // Every "criteria" value, found by walking the JSON tree.
        var criteria = Set<String>()
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, member) in object {
                    if key == "criteria", let text = member as? String { criteria.insert(text) } else { walk(member) }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        #expect(criteria.count > 1_000)
        for criterion in criteria {
            guard let full = try? Self.expected(criterion) else { continue }
            let fast = CPEName.vendorAndProduct(ofFormattedString: criterion)
            #expect(fast?.vendor == full.0 && fast?.product == full.1, "\(criterion)")
        }
    }
}
