public import VigilCore

extension SBOMDecoderRegistry {
    /// Every SBOM format Vigil reads. A new format is one new decoder and one entry here.
    public static let builtIn = SBOMDecoderRegistry([
        CycloneDXJSONDecoder(), CycloneDXXMLDecoder(), SPDXJSONDecoder(), SPDXTagValueDecoder(), SPDX3JSONDecoder(),
        YoctoSPDXArchiveDecoder(),
    ])
}

extension SBOMEncoderRegistry {
    /// Every SBOM format Vigil writes.
    public static let builtIn = SBOMEncoderRegistry([
        CycloneDXJSONEncoder(), CycloneDXXMLEncoder(), SPDXJSONEncoder(), SPDXTagValueEncoder(), SPDX3JSONEncoder(),
    ])
}
