/// A run's reading of the hosts directory (`--hosts-dir`): each registry's configuration, read once per run.
actor HostsDirectoryCache {
    let root: String
    private var known: [String: Result<HostsConfiguration, HostsFailure>] = [:]

    init(root: String) { self.root = root }

    func configuration(for registry: RegistryHost) -> Result<HostsConfiguration, HostsFailure> {
        if let answer = known[registry.name] { return answer }
        let answer: Result<HostsConfiguration, HostsFailure>
        do {
            answer = .success(try HostsResolver.configuration(registry: registry.name, root: root))
        } catch {
            answer = .failure(error)
        }
        known[registry.name] = answer
        return answer
    }
}
