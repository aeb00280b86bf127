/// Where a pull fetches manifests and blobs by digest: one registry, or with `--hosts-dir` the hosts directory's hosts
/// in containerd's fetch order. As containerd's fetcher does, each host is asked in turn: a 404 moves on to the next
/// host, and any other answer (or no answer) decides.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/fetcher.go (`Fetch`: "try one of the
/// other urls" on not found)
struct FetchHosts: Sendable {
    /// The first is asked first; never empty.
    let clients: [RegistryClient]

    init(_ clients: [RegistryClient]) {
        precondition(!clients.isEmpty, "FetchHosts needs a host")
        self.clients = clients
    }

    /// The answer that decides, and the client (host) that gave it.
    func send(
        _ operation: RegistryOperation, maxBodyBytes: Int = 64 * 1024, deadline: ContinuousClock.Instant
    ) async -> (client: RegistryClient, result: Result<HTTPResponse, Problem>) {
        var index = 0
        while true {
            let client = clients[index]
            let result = await client.send(operation, maxBodyBytes: maxBodyBytes, deadline: deadline)
            index += 1
            if case .success(let response) = result, response.status == 404, index < clients.count { continue }
            return (client, result)
        }
    }
}
