import VigilCore

/// Merges linked SPDX 2 documents (Yocto's per-recipe archive) into one document rooted at the image.
struct SPDX2ArchiveMerger {
    private let documents: [SPDX2.Document]
    private let source: String?
    /// Document namespace → index.
    private var byNamespace: [String: Int] = [:]
    /// SPDXIDs used by more than one document: these get the document name prefixed.
    private var clashing: Set<String> = []

    init(_ documents: [SPDX2.Document], source: String?) {
        self.documents = documents
        self.source = source
        var seen: Set<String> = []
        for (index, document) in documents.enumerated() {
            if let namespace = document.documentNamespace { byNamespace[namespace] = index }
            for id in (document.packages ?? []).map(\.spdxID) + (document.files ?? []).map(\.spdxID) {
                if !seen.insert(id).inserted { clashing.insert(id) }
            }
        }
    }

    func merge() throws(SBOMDecodingError) -> SPDX2.Document {
        let referenced = Set(documents.flatMap { ($0.externalDocumentRefs ?? []).map(\.spdxDocument) })
        guard
            let rootIndex = documents.indices.first(where: { index in
                !referenced.contains(documents[index].documentNamespace ?? "")
                    && !(documents[index].packages ?? []).isEmpty
            })
        else {
            throw SBOMDecodingError(
                .malformedDocument, "no image document: every document is referenced by another",
                source: source)
        }
        var edges: [String: [SPDX2.Relationship]] = [:]
        var all: [SPDX2.Relationship] = []
        for index in documents.indices {
            for relationship in documents[index].relationships ?? [] {
                let resolved = SPDX2.Relationship(
                    spdxElementId: globalID(relationship.spdxElementId, in: index),
                    relationshipType: relationship.relationshipType,
                    relatedSpdxElement: globalID(relationship.relatedSpdxElement, in: index),
                    comment: relationship.comment)
                edges[resolved.spdxElementId, default: []].append(resolved)
                all.append(resolved)
            }
        }
        let rootDocumentID = globalID(SBOMDocument.documentID, in: rootIndex)
        var reachable: Set<String> = []
        var queue = (documents[rootIndex].packages ?? []).map { globalID($0.spdxID, in: rootIndex) }
        while let next = queue.popLast() {
            guard reachable.insert(next).inserted else { continue }
            queue += (edges[next] ?? []).map(\.relatedSpdxElement).filter { !reachable.contains($0) }
        }
        var merged = documents[rootIndex]
        merged.externalDocumentRefs = nil
        merged.packages = []
        merged.files = []
        for index in documents.indices {
            merged.packages? += (documents[index].packages ?? []).compactMap { package in
                var copy = package
                copy.spdxID = globalID(package.spdxID, in: index)
                return reachable.contains(copy.spdxID) ? copy : nil
            }
            merged.files? += (documents[index].files ?? []).compactMap { file in
                var copy = file
                copy.spdxID = globalID(file.spdxID, in: index)
                return reachable.contains(copy.spdxID) ? copy : nil
            }
        }
        let components = Set((merged.packages ?? []).map(\.spdxID) + (merged.files ?? []).map(\.spdxID))
        merged.relationships = all.compactMap { relationship in
            let from =
                relationship.spdxElementId == rootDocumentID ? SBOMDocument.documentID : relationship.spdxElementId
            guard from == SBOMDocument.documentID || components.contains(from),
                components.contains(relationship.relatedSpdxElement)
            else { return nil }
            return SPDX2.Relationship(
                spdxElementId: from, relationshipType: relationship.relationshipType,
                relatedSpdxElement: relationship.relatedSpdxElement, comment: relationship.comment)
        }
        if !(merged.relationships ?? []).contains(where: { $0.spdxElementId == SBOMDocument.documentID }),
            let image = documents[rootIndex].packages?.first
        {
            merged.relationships?.insert(
                .init(
                    spdxElementId: SBOMDocument.documentID, relationshipType: "DESCRIBES",
                    relatedSpdxElement: globalID(image.spdxID, in: rootIndex)), at: 0)
        }
        return merged
    }

    /// Resolves `DocumentRef-X:SPDXRef-Y` and local ids to archive-wide ids.
    private func globalID(_ reference: String, in index: Int) -> String {
        var documentIndex = index
        var id = reference
        if reference.hasPrefix("DocumentRef-"), let colon = reference.firstIndex(of: ":") {
            let name = String(reference[..<colon])
            if let target = documents[index].externalDocumentRefs?.first(where: { $0.externalDocumentId == name }),
                let targetIndex = byNamespace[target.spdxDocument]
            {
                documentIndex = targetIndex
                id = String(reference[reference.index(after: colon)...])
            } else {
                return reference  // a document outside the archive: kept as written
            }
        }
        if id == SBOMDocument.documentID || clashing.contains(id) {
            return "\(documents[documentIndex].name ?? "document-\(documentIndex)"):\(id)"
        }
        return id
    }
}
