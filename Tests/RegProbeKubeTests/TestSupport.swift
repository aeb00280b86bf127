import Foundation
import RegProbe

@testable import RegProbeKube

/// Paths and builders shared by the RegProbeKube tests.
enum TestSupport {
    /// `testdata/` at the package root (three levels up from this file).
    static let testdata = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata")

    /// `testdata/k8s/<relative>`.
    static func k8s(_ relative: String) -> String {
        testdata.appendingPathComponent("k8s").appendingPathComponent(relative).path
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: k8s(relative), encoding: .utf8)
    }

    /// The password every test user X has.
    static func password(_ user: String) -> String { "pw-\(user)-s3cret" }

    /// `"text"` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `{"auths": {key: {"username": u, "password": pw-u-s3cret}, ...}}` (or the flat map for `.dockercfg`).
    static func payload(entries: [[String]], flat: Bool = false) -> String {
        let members = entries.map { pair in
            "\(jsonString(pair[0])): {\"username\": \(jsonString(pair[1])), \"password\": \(jsonString(password(pair[1])))}"
        }.joined(separator: ", ")
        return flat ? "{\(members)}" : "{\"auths\": {\(members)}}"
    }

    /// A Secret object with `stringData[key] = payload`.
    static func secretValue(name: String, namespace: String? = nil, type: String?, key: String, payload: String)
        -> KubeValue
    {
        var metadata = [KubeMember("name", .string(name))]
        if let namespace { metadata.append(KubeMember("namespace", .string(namespace))) }
        var members = [
            KubeMember("apiVersion", .string("v1")), KubeMember("kind", .string("Secret")),
            KubeMember("metadata", .object(metadata)),
        ]
        if let type { members.append(KubeMember("type", .string(type))) }
        members.append(KubeMember("stringData", .object([KubeMember(key, .string(payload))])))
        return .object(members)
    }

    /// Parses YAML (or JSON) text holding exactly one Secret.
    static func secret(yaml: String, defaultNamespace: String = "default") -> PullSecret? {
        let set = KubeDocumentLoader.parse(text: yaml, file: "inline")
        return set.documents.first.flatMap { PullSecretParser.parse($0, defaultNamespace: defaultNamespace) }
    }

    /// A container spec for tests.
    static func container(
        image: String, kind: String = "Pod", namespace: String = "default", pullPolicy: String? = nil,
        imagePullSecrets: [String]? = nil, serviceAccount: String = "default"
    ) -> ContainerSpec {
        ContainerSpec(
            workloadKind: kind, workloadName: "w", namespace: namespace, containerName: "c",
            list: .containers, image: image, explicitPullPolicy: pullPolicy,
            imagePullSecrets: imagePullSecrets, serviceAccountName: serviceAccount,
            origin: DocumentOrigin(file: "inline", index: 1, line: 1))
    }
}
