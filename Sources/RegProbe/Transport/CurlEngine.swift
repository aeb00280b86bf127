import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Drives every transfer of a run on one thread through libcurl's multi interface.
///
/// - One multi handle owns the connection cache, so requests to one registry reuse connections (and
///   HTTP/2 streams over one TLS connection, which distribution serves) whichever check sent them.
/// - `send` enqueues the request and suspends; the engine thread adds it to the multi handle, runs
///   `curl_multi_perform` / `curl_multi_poll`, and resumes the caller when curl reports it done.
/// - No thread per request: many checks await on one engine thread.
///
/// Redirects are not followed here (`RedirectPolicy` does it, so it can drop credentials on the way).
public final class CurlEngine: HTTPTransport, @unchecked Sendable {
    public let userAgent: String
    private let multi: UnsafeMutableRawPointer
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var pending: [Transfer] = []
        var threadStarted = false
        var stopping = false
    }

    private static let globalInit: Void = {
        _ = curl_global_init(3)  // CURL_GLOBAL_DEFAULT (SSL | WIN32)
    }()

    /// - Parameter maxConnectionsPerHost: the most connections opened to one host at once; more requests queue.
    public init(userAgent: String, maxConnectionsPerHost: Int = 8) {
        _ = Self.globalInit
        self.userAgent = userAgent
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, 2)  // CURLPIPE_MULTIPLEX: share HTTP/2 connections
    }

    /// Stops the engine thread once the transfers under way are done. Later `send`s fail.
    public func shutdown() {
        state.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let result: Result<HTTPResponse, TransportError> = await withCheckedContinuation { continuation in
            let transfer = Transfer(request: request, userAgent: userAgent, continuation: continuation)
            let accepted = state.withLock { state -> Bool in
                if state.stopping { return false }
                state.pending.append(transfer)
                if !state.threadStarted {
                    state.threadStarted = true
                    startThread()
                }
                return true
            }
            if accepted {
                curl_multi_wakeup(multi)
            } else {
                transfer.fail(
                    TransportError(kind: .internal, code: 0, message: "transport was shut down", url: request.url))
            }
        }
        return try result.get()
    }

    private func startThread() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { context in
                let engine = Unmanaged<CurlEngine>.fromOpaque(context!).takeRetainedValue()
                engine.runLoop()
                return nil
            }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }

    private func runLoop() {
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            let (incoming, stopping) = state.withLock { state -> ([Transfer], Bool) in
                let incoming = state.pending
                state.pending.removeAll()
                return (incoming, state.stopping)
            }
            for transfer in incoming {
                do {
                    let easy = try transfer.makeEasyHandle()
                    curl_multi_add_handle(multi, easy)
                    active[easy] = transfer
                } catch {
                    transfer.fail(error)
                }
            }
            if stopping && active.isEmpty { break }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                if let transfer = active.removeValue(forKey: easy) {
                    transfer.finish(easy: easy, code: code)
                }
                curl_easy_cleanup(easy)
            }
            var ready: Int32 = 0
            curl_multi_poll(multi, nil, 0, 1000, &ready)
        }
        curl_multi_cleanup(multi)
    }
}

/// The state of one request while curl works on it. Touched only by the engine thread after `send` hands it over.
private final class Transfer: @unchecked Sendable {
    let request: HTTPRequest
    let userAgent: String
    private var continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>?
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var truncated = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let started = ContinuousClock.now

    init(
        request: HTTPRequest, userAgent: String,
        continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
    ) {
        self.request = request
        self.userAgent = userAgent
        self.continuation = continuation
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    func makeEasyHandle() throws(TransportError) -> UnsafeMutableRawPointer {
        guard let easy = curl_easy_init() else {
            throw TransportError(kind: .internal, code: 27, message: "curl_easy_init failed", url: request.url)
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        var rc = CURLE_OK
        func set(_ code: CURLcode) { if rc == CURLE_OK { rc = code } }

        // Loopback is never proxied, whatever http_proxy / NO_PROXY say (as Go's net/http): a proxy would see the
        // credentials that a plain-HTTP loopback registry gets, and "loopback traffic stays on the machine" holds.
        if RequestURL(request.url)?.isLoopback ?? false {
            set(ccurl_easy_setopt_string(easy, CURLOPT_NOPROXY, "*"))
        }
        set(ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url))
        set(ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        set(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, request.timeoutMilliseconds)))
        set(
            ccurl_easy_setopt_long(
                easy, CURLOPT_CONNECTTIMEOUT_MS,
                max(1, min(request.connectTimeoutMilliseconds, request.timeoutMilliseconds))))
        set(ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me))

        switch request.method {
        case .head:
            set(ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        case .get:
            set(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case .post:
            let bytes = request.body ?? []
            set(ccurl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, bytes.count))
            bytes.withUnsafeBufferPointer { buffer in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                set(
                    ccurl_easy_setopt_pointer(
                        easy, CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)))
            }
        }

        // Headers: ours only; "Expect:" stops curl's 100-continue on POST.
        // A value with CR, LF or another control character would inject header lines: refused, as Go's net/http
        // refuses it (httpguts.ValidHeaderFieldValue). The value is never shown (it may be a token).
        if let bad = request.headers.first(where: { !HTTPHeaders.isValidFieldValue($0.value) }) {
            curl_easy_cleanup(easy)
            throw TransportError(
                kind: .protocolViolation, code: 0,
                message: "refused to send a \(bad.name) header whose value contains control characters",
                url: request.url, refusal: .unsafeHeaderValue)
        }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for field in request.headers {
            list = curl_slist_append(list, "\(field.name): \(field.value)")
        }
        if request.method == .post { list = curl_slist_append(list, "Expect:") }
        headerList = list
        set(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list))

        // TLS: verification on unless --insecure. The system's CAs come from the hashed directory, looked up by
        // issuer on demand, rather than the whole bundle file parsed for every connection (tens of ms with
        // OpenSSL 3). Extra CAs (--ca-file, certs.d, SSL_CERT_FILE) go in as one PEM blob, which libcurl copies.
        let tls = request.tls
        if tls.insecure {
            set(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0))
            set(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0))
        } else {
            if tls.systemCADirectory != nil || tls.caBundle != nil {
                set(ccurl_easy_setopt_pointer(easy, CURLOPT_CAINFO, nil))
                if let directory = tls.systemCADirectory {
                    set(ccurl_easy_setopt_string(easy, CURLOPT_CAPATH, directory))
                } else {
                    set(ccurl_easy_setopt_pointer(easy, CURLOPT_CAPATH, nil))
                }
            }
            if let bundle = tls.caBundle {
                bundle.withUnsafeBytes { raw in
                    var blob = curl_blob(
                        data: UnsafeMutableRawPointer(mutating: raw.baseAddress), len: raw.count,
                        flags: UInt32(CURL_BLOB_COPY))
                    set(ccurl_easy_setopt_pointer(easy, CURLOPT_CAINFO_BLOB, &blob))
                }
            }
        }
        if let certificate = tls.clientCertificate, let key = tls.clientKey {
            set(ccurl_easy_setopt_string(easy, CURLOPT_SSLCERT, certificate))
            set(ccurl_easy_setopt_string(easy, CURLOPT_SSLKEY, key))
        }

        set(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        set(
            ccurl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                let length = size * count
                if let buffer { transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length)) }
                return length
            })
        set(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        set(
            ccurl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                let length = size * count
                guard let buffer else { return length }
                return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: length))
            })

        if rc != CURLE_OK {
            curl_easy_cleanup(easy)
            throw TransportError(
                kind: .internal, code: Int(rc.rawValue),
                message: "setting up the request failed: " + String(cString: curl_easy_strerror(rc)),
                url: request.url)
        }
        return easy
    }

    /// One header line as curl hands it over (status lines included). A new status line starts a new
    /// header block (after a 100 Continue or an informational answer), so earlier fields are dropped.
    private static let maxHeaderBytes = 256 * 1024
    private var headerBytes = 0

    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        headerBytes += raw.count
        guard headerBytes <= Self.maxHeaderBytes else { return }
        // Trim CR/LF as bytes: in Swift "\r\n" is one Character, which hasSuffix("\n") does not match.
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingSpaces
        let value = String(line[line.index(after: colon)...]).trimmingSpaces
        if !name.isEmpty { headers.add(name, value) }
    }

    func receiveBody(_ raw: UnsafeRawBufferPointer) -> Int {
        let room = request.maxBodyBytes - body.count
        if raw.count > room {
            body.append(contentsOf: raw.prefix(max(0, room)))
            truncated = true
            return 0  // stop the transfer: curl reports CURLE_WRITE_ERROR, read as "body truncated"
        }
        body.append(contentsOf: raw)
        return raw.count
    }

    func finish(easy: UnsafeMutableRawPointer, code: CURLcode) {
        if code != CURLE_OK && !(code == CURLE_WRITE_ERROR && truncated) {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            fail(
                TransportError(
                    kind: Self.kind(of: code, message: message), code: Int(code.rawValue), message: message,
                    url: request.url))
            return
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        let elapsed = ContinuousClock.now - started
        let ms = Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        let response = HTTPResponse(
            status: status, headers: headers, body: body, bodyTruncated: truncated, url: request.url,
            httpVersion: Self.versionName(version), elapsedMilliseconds: ms)
        continuation?.resume(returning: .success(response))
        continuation = nil
    }

    func fail(_ error: TransportError) {
        continuation?.resume(returning: .failure(error))
        continuation = nil
    }

    private static func versionName(_ value: Int) -> String {
        switch value {
        case 1: return "1.0"
        case 2: return "1.1"
        case 3: return "2"
        case 30: return "3"
        default: return "?"
        }
    }

    /// curl error codes (https://curl.se/libcurl/c/libcurl-errors.html) sorted into our two classes.
    static func kind(of code: CURLcode, message: String) -> TransportError.Kind {
        // A TLS alert from the server arrives as a send/receive error (55, 56): it is still a TLS failure.
        let text = message.lowercased()
        if text.contains("ssl routines") && text.contains("alert") { return .tls }
        // Headers past curl's 300 KiB cap ("Too large response headers", 56): the server broke the protocol; a
        // retry would get the same.
        if code.rawValue == 56 && text.contains("too large response headers") { return .protocolViolation }
        switch code.rawValue {
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
            return .tls  // handshake, certificate, CA file, pinning, client certificate
        case 2, 4, 27, 43, 48:
            return .internal  // init failed, feature missing, out of memory, bad argument, unknown option
        default:
            return .network  // DNS (6), proxy (5), refused (7), timeout (28), reset (56), empty reply (52), ...
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
