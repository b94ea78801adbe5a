extension VersionSchemeRegistry {
    /// Every version scheme Vigil ships, in lookup order. A new scheme is one new conformer and one entry here.
    public static let builtIn = VersionSchemeRegistry([
        DebianVersionScheme(),
        RPMVersionScheme(),
        APKVersionScheme(),
        SemVerScheme(),
        KernelVersionScheme(),
        UpstreamVersionScheme(),
    ])
}
