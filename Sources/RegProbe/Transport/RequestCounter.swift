import Synchronization

/// Counts the requests a run sent, by host (`host:port`), for `-v`'s summary and the request-count tests.
public final class RequestCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    func count(_ url: String) {
        let host = RequestURL(url)?.authority ?? url
        counts.withLock { $0[host, default: 0] += 1 }
    }

    /// Hosts and their request counts, busiest first.
    public var byHost: [(host: String, requests: Int)] {
        counts.withLock { $0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
    }

    public var total: Int { counts.withLock { $0.values.reduce(0, +) } }
}
