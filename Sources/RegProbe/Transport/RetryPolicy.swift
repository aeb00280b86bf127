#if canImport(Glibc)
import Glibc
#endif

/// Which failures are worth another try, and how long to wait before it.
///
/// Transient: a connection reset or dropped (curl 52, 55, 56, HTTP/2 16/92) and HTTP 408, 429, 500, 502, 503,
/// 504. Never 401, 403, 404: those are answers. The wait doubles from `base` with up to 50 % jitter, or follows
/// `Retry-After` (seconds or an HTTP date) when the server sent one. A `Retry-After` beyond `maxWait` means no
/// retry (waiting less than the server asked is pointless), and a wait that would not fit in the check's time
/// budget is not taken: the answer at hand is the verdict.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    public var base: Duration
    public var maxWait: Duration

    public init(maxRetries: Int = 2, base: Duration = .milliseconds(200), maxWait: Duration = .seconds(10)) {
        self.maxRetries = maxRetries
        self.base = base
        self.maxWait = maxWait
    }

    public static let retriedStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]
    static let retriedCurlCodes: Set<Int> = [16, 52, 55, 56, 92]

    public func isTransient(_ error: TransportError) -> Bool {
        error.kind == .network && Self.retriedCurlCodes.contains(error.code)
    }
    public func isTransient(status: Int) -> Bool { Self.retriedStatuses.contains(status) }

    /// The wait before retry number `attempt` (1-based), jitter from `random` in 0..<1; nil for no retry.
    public func delay(attempt: Int, retryAfter: String?, now: Int = Int(time(nil)), random: Double) -> Duration? {
        if let retryAfter, let seconds = Self.seconds(retryAfter: retryAfter, now: now) {
            let wait = Duration.seconds(max(0, seconds))
            return wait <= maxWait ? wait : nil
        }
        let exponential = base * (1 << min(attempt - 1, 10))
        return min(exponential + exponential * (random / 2), maxWait)
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` (RFC 9110 §10.2.3) as seconds from now.
    public static func seconds(retryAfter value: String, now: Int) -> Int? {
        let text = value.trimmingSpaces
        if let seconds = Int(text), seconds >= 0 { return seconds }
        return HTTPDate.parse(text).map { $0 - now }
    }
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form RFC 9110 lets senders generate.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), (0...23).contains(clock[0]), (0...59).contains(clock[1]),
            (0...60).contains(clock[2])
        else { return nil }
        var broken = tm()  // broken-down time
        broken.tm_year = Int32(year - 1900)
        broken.tm_mon = Int32(month)
        broken.tm_mday = Int32(day)
        broken.tm_hour = Int32(clock[0])
        broken.tm_min = Int32(clock[1])
        broken.tm_sec = Int32(clock[2])
        return Int(timegm(&broken))
    }
}
