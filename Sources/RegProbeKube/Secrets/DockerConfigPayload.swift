import RegProbe

/// Decodes the payload of a pull secret exactly as kubelet's `json.Unmarshal` does (R5.1–R5.5) and lists every
/// problem as a ``SecretFinding``.
///
/// Go semantics reproduced:
/// - field names match case-insensitively (`Auths`, `USERNAME`), each occurrence is assigned in document order so
///   the last one wins, `null` leaves a string field as it was and empties a map (R5.3);
/// - `auths` repeated as objects merge into one map, as Go reuses a non-nil map;
/// - a wrong JSON type at the top level (`auths`, `HttpHeaders`) is remembered and returned at the end, while any
///   error inside an entry (its custom `UnmarshalJSON`) stops decoding at once — so ``kubeletError`` is the first
///   entry error in document order, else the first top-level type error (R5.5);
/// - an entry that is `null` is an entry with empty credentials; an entry that is not an object is an error;
/// - `auth` non-empty overrides `username`/`password`: padded base64 when `TrimSpace(auth)` ends with `=`, else
///   unpadded, `\r`/`\n` skipped, split at the first `:` (R5.4).
struct DockerConfigPayload: Sendable {
    enum Shape: Sendable {
        /// `.dockerconfigjson`: `{"auths": {key: entry}}` (R5.1).
        case dockerConfigJSON
        /// `.dockercfg`: `{key: entry}` (R5.2).
        case dockercfg
    }

    /// Entries in document order (a repeated key keeps its first position and its last value).
    var entries: [PullSecretEntry] = []
    var findings: [SecretFinding] = []
    /// The error text kubelet's `json.Unmarshal` returns (Go's wording, no secret bytes); nil when it decodes.
    var kubeletError: String?
    /// §10: the API server refuses this payload (not JSON, not an object, empty, a number beyond float64).
    var rejectedByAPIServer = false

    private let namespace: String
    private let name: String
    private let keyName: String

    private init(namespace: String, name: String, keyName: String) {
        self.namespace = namespace
        self.name = name
        self.keyName = keyName
    }

    static func decode(_ bytes: [UInt8], shape: Shape, keyName: String, namespace: String, name: String)
        -> DockerConfigPayload
    {
        var payload = DockerConfigPayload(namespace: namespace, name: name, keyName: keyName)
        payload.run(bytes, shape: shape)
        return payload
    }

    private mutating func add(
        _ code: SecretFinding.Code, _ effect: SecretFinding.Effect, key: String? = nil,
        severity: SecretFinding.Severity? = nil, _ message: String
    ) {
        findings.append(
            SecretFinding(
                code: code, effect: effect, severity: severity, secretNamespace: namespace,
                secretName: name, registryKey: key, message: message))
    }

    // MARK: - Top level

    private mutating func run(_ bytes: [UInt8], shape: Shape) {
        let top: GoJSONValue
        switch GoJSON.parse(bytes) {
        case .failure(let error):
            // §10: ValidateSecret unmarshals into map[string]interface{}; a syntax error is refused.
            rejectedByAPIServer = true
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                add(
                    .notJSONObject, .apiServerRejects,
                    "\(keyName) is empty; the API server requires a JSON object (unexpected end of JSON input)")
            } else {
                let (line, column) = GoJSON.lineAndColumn(of: error.offset, in: bytes)
                add(
                    .notJSONObject, .apiServerRejects,
                    "\(keyName) is not valid JSON (line \(line), column \(column): \(error.message)); "
                        + "the API server refuses the Secret")
            }
            return
        case .success(let value):
            top = value
        }
        switch top {
        case .object:
            break
        case .null:
            // Accepted by the API server (null unmarshals into a map), zero entries for kubelet (R5.1).
            add(
                .noAuths, .kubeletIgnoresSecret,
                "\(keyName) is JSON null; the API server accepts it but kubelet finds no registry entries in it")
            return
        default:
            rejectedByAPIServer = true
            add(
                .notJSONObject, .apiServerRejects,
                "\(keyName) is \(top.kindDescription), not a JSON object; the API server refuses the Secret")
            return
        }
        checkNumbersFitFloat64(top)
        switch shape {
        case .dockerConfigJSON: decodeDockerConfigJSON(top)
        case .dockercfg: decodeDockercfg(top)
        }
    }

    /// §10: `ValidateSecret` checks the payload with `json.Unmarshal(b, &map[string]interface{}{})`
    /// (K: `pkg/apis/core/validation/validation.go`), which makes every number a float64; one beyond float64's
    /// range fails it (see `GoJSONValue.firstFloat64Overflow`), so the Secret is refused and never reaches kubelet,
    /// whatever kubelet's own decoding (which skips unknown fields) would make of it. The rest of the payload is
    /// still read, so its other problems are reported too. A number that sits under a credential field is not
    /// shown.
    private mutating func checkNumbersFitFloat64(_ top: GoJSONValue) {
        guard let (number, keys) = top.firstFloat64Overflow() else { return }
        rejectedByAPIServer = true
        let secretFields = ["password", "auth", "identitytoken", "registrytoken"]
        let hidden = keys.contains { key in secretFields.contains { GoJSON.foldedEqual(key, $0) } }
        let shown = hidden ? "<redacted>" : number
        let path = keys.map { String(reflecting: KubeletKeyring.redactedKey($0)) }.joined(separator: " → ")
        add(
            .numberOutOfRange, .apiServerRejects,
            "\(keyName) holds a number a float64 cannot hold\(path.isEmpty ? "" : " at " + path); the API server "
                + "refuses the Secret: json: cannot unmarshal number \(shown) into Go value of type float64 (§10). "
                + "Quote it as a string, or remove it")
    }

    /// R5.1: `DockerConfigJSON{Auths map[string]DockerConfigEntry "auths"; HTTPHeaders map[string]string
    /// "HttpHeaders"}`.
    private mutating func decodeDockerConfigJSON(_ top: GoJSONValue) {
        guard case .object(let members) = top else { return }
        var savedError: String?
        var abortError: String?
        var auths: [GoJSONMember]?  // the final map; nil: a nil Go map
        var everyAuthsEntry: [GoJSONMember] = []  // every entry decoded, in document order
        var sawAuths = false
        var flatLookingKeys: [String] = []
        for member in members {
            // R5.3: Go matches field names case-insensitively; every occurrence is assigned in order.
            if GoJSON.foldedEqual(member.key, "auths") {
                sawAuths = true
                switch member.value {
                case .null:
                    auths = nil  // R5.1: null empties the map (zero entries, no error)
                case .object(let entries):
                    auths = (auths ?? []) + entries  // a second object merges into the same map
                    everyAuthsEntry += entries
                default:
                    // R5.5: a type error is remembered and returned at the end of decoding.
                    savedError =
                        savedError ?? "json: cannot unmarshal \(member.value.goKind) into Go struct field "
                        + "DockerConfigJSON.auths of type credentialprovider.DockerConfig"
                    add(
                        .badFieldType, .breaksEveryPullInPod,
                        "\"auths\" is \(member.value.kindDescription), not an object; kubelet's decoding fails, so "
                            + "every image pull of a pod that uses this secret fails (R5.5)")
                }
            } else if GoJSON.foldedEqual(member.key, "HttpHeaders") {
                switch member.value {
                case .null:
                    break
                case .object(let headers):
                    for header in headers {
                        switch header.value {
                        case .string, .null: break
                        default:
                            savedError =
                                savedError ?? "json: cannot unmarshal \(header.value.goKind) into Go struct "
                                + "field DockerConfigJSON.HttpHeaders of type string"
                            add(
                                .badFieldType, .breaksEveryPullInPod,
                                "\"HttpHeaders\" value \(String(reflecting: header.key)) is "
                                    + "\(header.value.kindDescription), not a string; kubelet's decoding fails (R5.5)")
                        }
                    }
                default:
                    savedError =
                        savedError ?? "json: cannot unmarshal \(member.value.goKind) into Go struct field "
                        + "DockerConfigJSON.HttpHeaders of type map[string]string"
                    add(
                        .badFieldType, .breaksEveryPullInPod,
                        "\"HttpHeaders\" is \(member.value.kindDescription), not an object; kubelet's decoding "
                            + "fails (R5.5)")
                }
            } else if case .object = member.value {
                flatLookingKeys.append(member.key)
            }
        }
        // Every entry Go decodes, in document order, even those a later `"auths": null` drops: their errors stop
        // decoding where they occur.
        abortError = decodeEntries(everyAuthsEntry)
        if auths?.count != everyAuthsEntry.count {
            var finalMap = self
            _ = finalMap.decodeEntries(auths ?? [])
            entries = finalMap.entries
        }
        // R5.5: an entry error stops decoding and wins over remembered type errors.
        kubeletError = abortError ?? savedError
        // R5.1: missing, null or empty auths, or legacy flat content, gives zero entries with no error.
        guard kubeletError == nil, entries.isEmpty else { return }
        if !sawAuths && !flatLookingKeys.isEmpty {
            add(
                .flatInDockerConfigJSON, .kubeletIgnoresSecret,
                "\(keyName) has no \"auths\" but top-level registry entries "
                    + "(\(flatLookingKeys.map { String(reflecting: KubeletKeyring.redactedKey($0)) }.joined(separator: ", "))), "
                    + "the legacy .dockercfg shape; kubelet reads only \"auths\" and finds nothing (R5.1). "
                    + "Wrap the entries in {\"auths\": {...}}")
        } else if !sawAuths {
            add(
                .noAuths, .kubeletIgnoresSecret,
                "\(keyName) has no \"auths\"; kubelet finds no registry entries in it (R5.1)")
        } else if auths == nil {
            add(
                .noAuths, .kubeletIgnoresSecret,
                "\"auths\" is null; kubelet finds no registry entries in it (R5.1)")
        } else {
            add(
                .noAuths, .kubeletIgnoresSecret,
                "\"auths\" is empty; kubelet finds no registry entries in it (R5.1)")
        }
    }

    /// R5.2: `map[string]DockerConfigEntry` at the top level.
    private mutating func decodeDockercfg(_ top: GoJSONValue) {
        guard case .object(let members) = top else { return }
        // R5.2: the top level is the map of entries itself.
        kubeletError = decodeEntries(members)
        for member in members where GoJSON.foldedEqual(member.key, "auths") {
            let only = Set(members.map(\.key)).count == 1
            add(
                .authsInDockercfg, only ? .kubeletIgnoresSecret : .info, key: member.key,
                "\(keyName) has a top-level \(String(reflecting: member.key)), the config.json shape; in a "
                    + "kubernetes.io/dockercfg secret kubelet takes it as a registry named "
                    + "\(String(reflecting: member.key)) with no credentials, which never matches (R5.2). Use type "
                    + "kubernetes.io/dockerconfigjson with key .dockerconfigjson, or drop the \"auths\" wrapper")
        }
        if kubeletError == nil && members.isEmpty {
            add(.noAuths, .kubeletIgnoresSecret, "\(keyName) is an empty object; kubelet finds no registry entries")
        }
    }

    // MARK: - Entries

    /// Decodes map members into ``entries`` (last value wins, first position kept); returns the error that stops
    /// Go's decoding (the first entry error in document order), while still reporting every entry's problems.
    private mutating func decodeEntries(_ members: [GoJSONMember]) -> String? {
        var firstError: String?
        var positions: [String: Int] = [:]
        var decoded: [PullSecretEntry?] = []
        var counts: [String: Int] = [:]
        for member in members {
            counts[member.key, default: 0] += 1
            let (credential, error) = decodeEntry(key: member.key, value: member.value)
            if let error { firstError = firstError ?? error }
            let entry = credential.map { credential -> PullSecretEntry in
                let normalized: String?
                switch KubeletKeyring.normalizeKey(member.key) {
                case .success(let key): normalized = key
                case .failure: normalized = nil
                }
                return PullSecretEntry(key: member.key, normalizedKey: normalized, credential: credential)
            }
            if let position = positions[member.key] {
                decoded[position] = entry  // R5.3: a repeated key: the last one wins
            } else {
                positions[member.key] = decoded.count
                decoded.append(entry)
            }
        }
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) where count > 1 {
            add(
                .duplicateKey, .info, key: key,
                "the key appears \(count) times in one JSON object; the last one wins (Go's encoding/json)")
        }
        // Key checks, once per distinct key, in document order.
        var checked = Set<String>()
        for member in members where checked.insert(member.key).inserted {
            checkKey(member.key)
        }
        entries = decoded.compactMap { $0 }
        return firstError
    }

    /// R6.1 step 2 (skipped keys) and §11 (Docker Hub spellings kubelet never matches).
    private mutating func checkKey(_ key: String) {
        switch KubeletKeyring.normalizeKey(key) {
        case .failure(let error):
            add(
                .invalidKey, .entrySkipped, key: key,
                "kubelet cannot parse this key as a URL (\(error.message)) and skips the entry (R6.1)")
        case .success(let normalized):
            let host =
                normalized.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first
                .map(String.init) ?? normalized
            if host == "registry-1.docker.io" || (host == "index.docker.io" && normalized != host) {
                add(
                    .hubKeyNeverMatches, .info, key: key, severity: .warning,
                    "normalises to \(String(reflecting: KubeletKeyring.redactedKey(normalized))), which never "
                        + "matches a Docker Hub image (they are docker.io/...); use https://index.docker.io/v1/ or "
                        + "docker.io (§11, R6.2, R6.3)")
            }
        }
    }

    /// One `DockerConfigEntry.UnmarshalJSON` (R5.3, R5.4): the credential, or the error that stops decoding.
    private mutating func decodeEntry(key: String, value: GoJSONValue) -> (Credential?, String?) {
        let fields: [GoJSONMember]
        switch value {
        case .null:
            // UnmarshalJSON("null") leaves every field empty: an entry with no credentials.
            add(
                .noCredentials, .info, key: key, severity: .warning,
                "the entry is null: kubelet adds it with an empty username and password, which is an anonymous "
                    + "pull attempt, and it still counts as a match (no other credential is tried for it) (R7.1)")
            return (Credential(username: "", password: ""), nil)
        case .object(let members):
            fields = members
        default:
            add(
                .badFieldType, .breaksEveryPullInPod, key: key,
                "the entry is \(value.kindDescription), not an object; kubelet's decoding fails, so every image "
                    + "pull of a pod that uses this secret fails (R5.5)")
            return (
                nil,
                "json: cannot unmarshal \(value.goKind) into Go value of type "
                    + "credentialprovider.dockerConfigEntryWithAuth"
            )
        }

        var username = ""
        var password = ""
        var auth = ""
        var typeError: String?
        var identityToken = false
        var registryToken = false
        for field in fields {
            let known = ["username", "password", "email", "auth"].first { GoJSON.foldedEqual(field.key, $0) }
            if let known {
                switch field.value {
                case .string(let s):
                    switch known {
                    case "username": username = s
                    case "password": password = s
                    case "auth": auth = s
                    default: break
                    }
                case .null:
                    break  // R5.3: null leaves a Go string as it was
                default:
                    typeError =
                        typeError ?? "json: cannot unmarshal \(field.value.goKind) into Go struct field "
                        + "dockerConfigEntryWithAuth.\(known) of type string"
                    add(
                        .badFieldType, .breaksEveryPullInPod, key: key,
                        "\"\(known)\" is \(field.value.kindDescription), not a string; kubelet's decoding fails, "
                            + "so every image pull of a pod that uses this secret fails (R5.5)")
                }
            } else if GoJSON.foldedEqual(field.key, "identitytoken") {
                // R5.3: not a field of dockerConfigEntryWithAuth, so dropped; noted for a finding.
                identityToken = identityToken || Self.isPresent(field.value)
            } else if GoJSON.foldedEqual(field.key, "registrytoken") {
                registryToken = registryToken || Self.isPresent(field.value)
            }
        }
        if let typeError { return (nil, typeError) }

        var credential = Credential(username: username, password: password)
        // R5.4: a non-empty auth overrides username/password.
        if !auth.isEmpty {
            // R5.4: padded iff TrimSpace(auth) ends with "="; the untrimmed value is decoded, \r and \n skipped.
            let padded = Self.trimmingTrailingSpace(auth).hasSuffix("=")
            switch GoBase64.decode(Array(auth.utf8), padded: padded) {
            case .failure(let error):
                add(
                    .badAuthBase64, .breaksEveryPullInPod, key: key,
                    "\"auth\" is not valid base64 (\(error); read as \(padded ? "padded" : "unpadded") base64 "
                        + "because it \(padded ? "ends" : "does not end") with \"=\"); kubelet's decoding fails, so "
                        + "every image pull of a pod that uses this secret fails (R5.4, R5.5)")
                return (nil, error.description)
            case .success(let bytes):
                // R5.4: split at the first ":"; none is an error; an empty username is accepted.
                guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
                    add(
                        .authNoColon, .breaksEveryPullInPod, key: key,
                        "\"auth\" decodes to text without \":\" (it must be base64 of username:password); kubelet's "
                            + "decoding fails, so every image pull of a pod that uses this secret fails (R5.4, R5.5)")
                    return (nil, "unable to parse auth field, must be formatted as base64(username:password)")
                }
                let decoded = Credential(
                    username: String(decoding: bytes[..<colon], as: UTF8.self),
                    password: String(decoding: bytes[(colon + 1)...], as: UTF8.self))
                if (!username.isEmpty || !password.isEmpty) && decoded != credential {
                    add(
                        .authOverridesFields, .info, key: key,
                        "\"auth\" (user \(String(reflecting: decoded.username))) overrides the username/password "
                            + "fields (user \(String(reflecting: username))); kubelet uses \"auth\" (R5.4)")
                }
                credential = decoded
            }
        }

        if identityToken {
            add(
                .identityTokenDropped, .kubeletDropsField, key: key,
                severity: credential.password.isEmpty ? .error : .warning,
                "kubelet drops \"identitytoken\" and sends only user \(String(reflecting: credential.username)) with "
                    + (credential.password.isEmpty
                        ? "an empty password, so the registry will most likely refuse it"
                        : "the password") + " (R5.3)")
        }
        if registryToken {
            add(
                .registryTokenDropped, .kubeletDropsField, key: key,
                severity: credential.password.isEmpty ? .error : .warning,
                "kubelet drops \"registrytoken\" and sends only user \(String(reflecting: credential.username)) with "
                    + (credential.password.isEmpty
                        ? "an empty password, so the registry will most likely refuse it"
                        : "the password") + " (R5.3)")
        }
        if credential.username.isEmpty && credential.password.isEmpty {
            add(
                .noCredentials, .info, key: key, severity: .warning,
                "the entry has no username, password or auth: kubelet adds it with empty credentials, an anonymous "
                    + "pull attempt, and it still counts as a match (R7.1)")
        } else if credential.username.isEmpty {
            add(
                .emptyUsername, .info, key: key, severity: .warning,
                "the username is empty; kubelet accepts that (docker login would refuse it) and sends an empty "
                    + "user (R5.4)")
        }
        return (credential, nil)
    }

    /// A token field counts when it is a non-empty string (any other value is ignored by Go as an unknown field).
    private static func isPresent(_ value: GoJSONValue) -> Bool {
        if case .string(let s) = value { return !s.isEmpty }
        return false
    }

    /// The end of Go's `strings.TrimSpace`: trailing Unicode white space removed.
    static func trimmingTrailingSpace(_ s: String) -> Substring {
        var scalars = s.unicodeScalars[...]
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        return Substring(scalars)
    }
}
