/// Reads a `Secret` document as an image pull secret: merges `stringData` over base64-decoded `data` (R4.4),
/// applies the API server's validation (§10) and kubelet's type gate (R4.3), and decodes the payload with Go's
/// semantics (R5, see `DockerConfigPayload`). Rules cited (`R…`, `§…`): `docs/kubelet-credentials.md`.
public enum PullSecretParser {
    /// Whether a document is a `Secret` (`kind: Secret`).
    public static func isSecret(_ value: KubeValue) -> Bool {
        value["kind"]?.string == "Secret"
    }

    /// Every Secret among `documents`, in order.
    public static func secrets(in documents: [KubeDocument], defaultNamespace: String) -> [PullSecret] {
        documents.compactMap { parse($0, defaultNamespace: defaultNamespace) }
    }

    /// The document as a pull secret; nil when it is not a `Secret`.
    public static func parse(_ document: KubeDocument, defaultNamespace: String) -> PullSecret? {
        parse(document.value, defaultNamespace: defaultNamespace, origin: document.origin)
    }

    /// A `Secret` object as a pull secret; nil when it is not a `Secret`.
    public static func parse(_ value: KubeValue, defaultNamespace: String, origin: DocumentOrigin? = nil)
        -> PullSecret?
    {
        guard isSecret(value) else { return nil }
        var findings: [SecretFinding] = []
        let namespace = nonEmptyString(value[path: "metadata", "namespace"]) ?? defaultNamespace
        let name = nonEmptyString(value[path: "metadata", "name"]) ?? ""
        func add(
            _ code: SecretFinding.Code, _ effect: SecretFinding.Effect, severity: SecretFinding.Severity? = nil,
            _ message: String
        ) {
            findings.append(
                SecretFinding(
                    code: code, effect: effect, severity: severity, secretNamespace: namespace,
                    secretName: name, message: message))
        }
        if name.isEmpty {
            add(.missingName, .apiServerRejects, "the Secret has no metadata.name; the API server refuses it")
        }
        let type = value["type"]?.text ?? ""

        // R4.4: data (base64) first, then stringData over it, key by key.
        var data: [String: [UInt8]] = [:]
        var undecodable = Set<String>()
        switch value["data"] {
        case nil, .null?:
            break
        case .object(let members)?:
            for member in members {
                switch member.value {
                case .string(let text):
                    // The API server decodes []byte JSON fields with base64.StdEncoding (padded, \r\n skipped).
                    switch GoBase64.decode(Array(text.utf8), padded: true) {
                    case .success(let bytes):
                        data[member.key] = bytes
                    case .failure(let error):
                        data[member.key] = nil
                        undecodable.insert(member.key)
                        add(
                            .badDataBase64, .apiServerRejects,
                            "data[\(member.key)] is not valid base64 (\(error)); the API server refuses the "
                                + "Secret. Put plain text under stringData instead, or encode it with base64 -w0")
                    }
                case .null:
                    data[member.key] = []
                default:
                    add(
                        .badSecretData, .apiServerRejects,
                        "data[\(member.key)] is \(member.value.kindDescription), not a base64 string; the API "
                            + "server refuses the Secret")
                }
            }
        case let other?:
            add(
                .badSecretData, .apiServerRejects,
                "data is \(other.kindDescription), not a mapping; the API server refuses the Secret")
        }
        switch value["stringData"] {
        case nil, .null?:
            break
        case .object(let members)?:
            var seen = Set<String>()
            for member in members {
                let text: String
                switch member.value {
                case .string(let s): text = s
                case .null: text = ""
                default:
                    add(
                        .badSecretData, .apiServerRejects,
                        "stringData[\(member.key)] is \(member.value.kindDescription), not a string (quote it); "
                            + "the API server refuses the Secret")
                    continue
                }
                if data[member.key] != nil && seen.insert(member.key).inserted {
                    add(
                        .stringDataOverridesData, .info,
                        "stringData[\(member.key)] replaces data[\(member.key)], as the API server merges them (R4.4)")
                }
                data[member.key] = Array(text.utf8)
            }
        case let other?:
            add(
                .badSecretData, .apiServerRejects,
                "stringData is \(other.kindDescription), not a mapping; the API server refuses the Secret")
        }

        var entries: [PullSecretEntry] = []
        var kubeletError: String?
        var used = false
        // R4.3: only these two types are read by kubelet; §10: each requires its key and a JSON object.
        switch type {
        case PullSecret.dockerConfigJSONType, PullSecret.dockercfgType:
            let isJSON = type == PullSecret.dockerConfigJSONType
            let key = isJSON ? PullSecret.dockerConfigJSONKey : PullSecret.dockercfgKey
            let otherKey = isJSON ? PullSecret.dockercfgKey : PullSecret.dockerConfigJSONKey
            guard let payload = data[key] else {
                // §10: Required value (unless a base64 error already made the key unreadable).
                if !undecodable.contains(key) {
                    var message =
                        "type \(type) requires the key \(key), which is missing; the API server refuses "
                        + "the Secret"
                    if data[otherKey] != nil {
                        message +=
                            " (it has \(otherKey): use type "
                            + "\(isJSON ? PullSecret.dockercfgType : PullSecret.dockerConfigJSONType) for that key)"
                    }
                    add(.missingKey, .apiServerRejects, message)
                }
                break
            }
            let decoded = DockerConfigPayload.decode(
                payload, shape: isJSON ? .dockerConfigJSON : .dockercfg,
                keyName: key, namespace: namespace, name: name)
            findings += decoded.findings
            entries = decoded.entries
            kubeletError = decoded.kubeletError
            // R4.3: kubelet reads the payload when the type matches and the key is present and non-empty.
            used = !payload.isEmpty
        default:
            // R4.3: any other type (e.g. Opaque holding .dockerconfigjson) is silently ignored.
            let dockerKey = [PullSecret.dockerConfigJSONKey, PullSecret.dockercfgKey].first { data[$0] != nil }
            var message =
                type.isEmpty
                ? "the Secret has no type (the API server stores it as Opaque)"
                : "type \(String(reflecting: type))"
            message +=
                "; kubelet uses only \(PullSecret.dockerConfigJSONType) and \(PullSecret.dockercfgType) "
                + "secrets for image pulls and ignores this one silently (R4.3)"
            if let dockerKey {
                let wanted =
                    dockerKey == PullSecret.dockerConfigJSONKey
                    ? PullSecret.dockerConfigJSONType : PullSecret.dockercfgType
                message += ". It has \(dockerKey): set type: \(wanted)"
                // Entries are still read, so their credentials can be tested; findings about them would
                // describe a secret kubelet never decodes, so they are not reported.
                if let payload = data[dockerKey] {
                    entries =
                        DockerConfigPayload.decode(
                            payload,
                            shape: dockerKey == PullSecret.dockerConfigJSONKey ? .dockerConfigJSON : .dockercfg,
                            keyName: dockerKey, namespace: namespace, name: name
                        ).entries
                }
            }
            add(.wrongType, .kubeletIgnoresSecret, message)
        }

        return PullSecret(
            namespace: namespace, name: name, type: type, dataKeys: data.keys.sorted(), entries: entries,
            findings: findings, kubeletError: kubeletError, isUsedByKubelet: used, origin: origin)
    }

    private static func nonEmptyString(_ value: KubeValue?) -> String? {
        guard let text = value?.text, !text.isEmpty else { return nil }
        return text
    }
}
