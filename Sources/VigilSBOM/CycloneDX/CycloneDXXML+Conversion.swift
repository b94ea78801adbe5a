import VigilCore

/// Conversion between the XML and JSON shapes of CycloneDX, which carry the same information.
extension CycloneDXXML.BOM {
    /// The JSON shape of this BOM, with `specVersion` taken from the XML namespace.
    func json(specVersion: String) -> CycloneDXJSON.BOM {
        CycloneDXJSON.BOM(
            bomFormat: "CycloneDX", specVersion: specVersion, serialNumber: serialNumber, version: version,
            metadata: metadata.map { $0.json }, components: components?.component.map(\.json),
            dependencies: dependencies?.dependency.map { .init(ref: $0.ref, dependsOn: $0.dependency?.map(\.ref)) },
            properties: properties?.json)
    }

    init(_ bom: CycloneDXJSON.BOM) {
        xmlns = "http://cyclonedx.org/schema/bom/\(bom.specVersion)"
        serialNumber = bom.serialNumber
        version = bom.version
        metadata = bom.metadata.map(CycloneDXXML.Metadata.init)
        components = bom.components.map { .init(component: $0.map(CycloneDXXML.Component.init)) }
        dependencies = bom.dependencies.map { dependencies in
            .init(dependency: dependencies.map { .init(ref: $0.ref, dependency: $0.dependsOn?.map { .init(ref: $0) }) })
        }
        properties = bom.properties.map(CycloneDXXML.Properties.init)
    }
}

extension CycloneDXXML.BOM {
    /// The top-level sections present that the model does not carry (XML gives presence, not counts).
    var omissions: [SBOMOmission] {
        [
            ("services", services), ("externalReferences", externalReferences), ("compositions", compositions),
            ("vulnerabilities", vulnerabilities), ("annotations", annotations), ("formulation", formulation),
            ("declarations", declarations), ("definitions", definitions),
        ].compactMap { name, value in value.map { _ in SBOMOmission(name, count: nil) } }
    }
}

extension CycloneDXXML.Metadata {
    var json: CycloneDXJSON.Metadata {
        var tools = tools?.tool ?? []
        tools += (tools.isEmpty ? self.tools?.components?.component ?? [] : []).map {
            CycloneDXJSON.Tools.Tool(vendor: $0.supplier?.name ?? $0.group, name: $0.name, version: $0.version)
        }
        return CycloneDXJSON.Metadata(
            timestamp: timestamp, lifecycles: lifecycles?.lifecycle, tools: self.tools == nil ? nil : .init(tools),
            authors: authors?.author, component: component?.json, manufacturer: manufacturer?.json,
            supplier: supplier?.json, properties: properties?.json)
    }

    init(_ metadata: CycloneDXJSON.Metadata) {
        timestamp = metadata.timestamp
        lifecycles = metadata.lifecycles.map { .init(lifecycle: $0) }
        tools = metadata.tools.map { tools in
            .init(
                tool: nil,
                components: .init(
                    component: tools.tools.map {
                        var component = CycloneDXXML.Component(type: "application", name: $0.name ?? "")
                        component.version = $0.version
                        component.supplier = $0.vendor.map { .init(name: $0) }
                        return component
                    }))
        }
        authors = metadata.authors.map { .init(author: $0) }
        component = metadata.component.map(CycloneDXXML.Component.init)
        manufacturer = metadata.manufacturer.map(CycloneDXXML.Organization.init)
        supplier = metadata.supplier.map(CycloneDXXML.Organization.init)
        properties = metadata.properties.map(CycloneDXXML.Properties.init)
    }
}

extension CycloneDXXML.Organization {
    var json: CycloneDXJSON.Organization { .init(name: name, url: url, contact: contact) }
    init(_ organization: CycloneDXJSON.Organization) {
        self.init(name: organization.name, url: organization.url, contact: organization.contact)
    }
}

extension CycloneDXXML.Properties {
    var json: [CycloneDXJSON.Property] { property.map { .init(name: $0.name, value: $0.value) } }
    init(_ properties: [CycloneDXJSON.Property]) {
        self.init(property: properties.map { .init(name: $0.name, value: $0.value) })
    }
}

extension CycloneDXXML.Component {
    var json: CycloneDXJSON.Component {
        var result = CycloneDXJSON.Component(type: type, name: name, version: version, supplier: supplier?.json)
        result.bomRef = bomRef
        result.author = author
        result.authors = authors?.author
        result.publisher = publisher
        result.group = group
        result.description = description
        result.scope = scope
        (result.pedigree, result.swid) = (pedigree, swid)
        // Evidence in XML is only noted as not carried (the `vigil:evidence` properties carry Vigil's own).
        if evidence != nil {
            result.evidence = CycloneDXJSON.Evidence(identity: nil, occurrences: nil)
            result.evidence?.hasOtherMembers = true
        }
        (result.releaseNotes, result.modelCard, result.cryptoProperties) = (releaseNotes, modelCard, cryptoProperties)
        result.hashes = hashes?.hash.map { .init(alg: $0.alg, content: $0.value) }
        let licenseChoices: [CycloneDXJSON.LicenseChoice] =
            (licenses?.license ?? []).map {
                .init(license: .init(id: $0.id, name: $0.name, acknowledgement: $0.acknowledgement))
            } + (licenses?.expression ?? []).map { .init(expression: $0.value, acknowledgement: $0.acknowledgement) }
        result.licenses = licenses == nil ? nil : licenseChoices
        result.copyright = copyright
        result.cpe = cpe
        result.purl = purl
        result.externalReferences = externalReferences?.reference.map {
            .init(type: $0.type, url: $0.url, comment: $0.comment)
        }
        result.properties = properties?.json
        result.components = components?.component.map(\.json)
        return result
    }

    init(_ component: CycloneDXJSON.Component) {
        self.init(type: component.type, name: component.name)
        bomRef = component.bomRef
        supplier = component.supplier.map(CycloneDXXML.Organization.init)
        author = component.author
        authors = component.authors.map { .init(author: $0) }
        publisher = component.publisher
        group = component.group
        version = component.version
        description = component.description
        scope = component.scope
        hashes = component.hashes.map { .init(hash: $0.map { .init(alg: $0.alg, value: $0.content) }) }
        licenses = component.licenses.map { choices in
            let licenses = choices.compactMap { choice in
                choice.license.map {
                    CycloneDXXML.License(acknowledgement: $0.acknowledgement, id: $0.id, name: $0.name)
                }
            }
            let expressions = choices.compactMap { choice in
                choice.expression.map { CycloneDXXML.Expression(acknowledgement: choice.acknowledgement, value: $0) }
            }
            return .init(
                license: licenses.isEmpty ? nil : licenses, expression: expressions.isEmpty ? nil : expressions)
        }
        copyright = component.copyright
        cpe = component.cpe
        purl = component.purl
        externalReferences = component.externalReferences.map {
            .init(reference: $0.map { .init(type: $0.type, url: $0.url, comment: $0.comment) })
        }
        properties = component.properties.map(CycloneDXXML.Properties.init)
        components = component.components.map { .init(component: $0.map(CycloneDXXML.Component.init)) }
    }

    init(type: String, name: String) {
        self.type = type
        self.name = name
    }
}
