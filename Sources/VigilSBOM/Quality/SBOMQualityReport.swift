public import VigilCore

/// How well an SBOM covers the minimum elements: per element, per failing component, and one overall score.
///
/// ```swift
/// let report = SBOMQualityReport(document)
/// report.score              // 0…100
/// report.coverage[0]        // supplier: 131/142 components
/// ```
public struct SBOMQualityReport: Sendable {
    /// The coverage of one element.
    public struct Coverage: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var scope: SBOMQualityElement.Scope
        /// Components (or, for document elements, 0 or 1 documents) that have the element.
        public var covered: Int
        /// Components checked (or 1 for document elements).
        public var total: Int

        /// Coverage in percent; 0 for a component element when there are no components (an SBOM without components
        /// meets no component element).
        public var percent: Double { total == 0 ? 0 : Double(covered) * 100 / Double(total) }
    }

    /// A component that lacks some component elements.
    public struct Shortfall: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var version: String?
        /// The identifiers of the elements it lacks.
        public var missing: [String]
    }

    public let coverage: [Coverage]
    /// Components lacking at least one element, in document order.
    public let shortfalls: [Shortfall]
    /// The number of components checked (files excluded: the elements are about software components).
    public let componentCount: Int

    /// The mean of the elements' coverage percentages, 0 to 100.
    public var score: Double {
        coverage.isEmpty ? 100 : coverage.map(\.percent).reduce(0, +) / Double(coverage.count)
    }

    /// Measures a document against a list of elements.
    ///
    /// - Complexity: O(*c* · (*e* + *r*)) for *c* components, *e* elements and *r* relationships, with relationships
    ///   indexed once.
    public init(_ document: SBOMDocument, elements: [SBOMQualityElement] = SBOMQualityElement.all) {
        let components = document.components.filter { $0.kind != .file }
        let context = SBOMQualityContext(document)
        var coverage: [Coverage] = []
        var missing: [String: [String]] = [:]
        for element in elements {
            if let test = element.documentTest {
                let present = test(document) ? 1 : 0
                coverage.append(
                    Coverage(id: element.id, title: element.title, scope: .document, covered: present, total: 1))
                continue
            }
            guard let test = element.componentTest else { continue }
            var covered = 0
            for component in components {
                if test(component, context) {
                    covered += 1
                } else {
                    missing[component.id, default: []].append(element.id)
                }
            }
            coverage.append(
                Coverage(
                    id: element.id, title: element.title, scope: .component, covered: covered,
                    total: components.count))
        }
        self.coverage = coverage
        self.componentCount = components.count
        self.shortfalls = components.compactMap { component in
            missing[component.id].map {
                Shortfall(id: component.id, name: component.name, version: component.version, missing: $0)
            }
        }
    }
}
