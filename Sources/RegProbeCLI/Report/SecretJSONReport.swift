import RegProbe
import RegProbeKube

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `regprobe secret -o json`: `{"secrets": [...], "logins": [...], "images": [...], "problems": [...]}`.
/// Credentials are named by secret, key and username; no password, token or `auth` value is ever written.
enum SecretJSONReport {
    struct SecretRecord: Encodable {
        let namespace: String
        let name: String
        let type: String
        let usedByKubelet: Bool
        let entries: [[String: String]]
        let findings: [[String: String]]
    }

    struct LoginRecord: Encodable {
        let secret: String
        let registry: String
        let credentialSource: String
        let status: String
        let strength: String
        let message: String
    }

    struct ImageRecord: Encodable {
        let image: String
        let prediction: String
        let predictionMessage: String
        let candidates: [String]
        let attempts: [ResultRecord]
    }

    struct Document: Encodable {
        let secrets: [SecretRecord]
        let logins: [LoginRecord]
        let images: [ImageRecord]
        let problems: [String]
    }

    static func render(_ report: SecretReport) -> String {
        let secrets = report.secrets.map { secret in
            SecretRecord(
                namespace: secret.namespace, name: secret.name, type: secret.type,
                usedByKubelet: secret.isUsedByKubelet,
                entries: secret.entries.map {
                    [
                        "key": KubeletKeyring.redactedKey($0.key), "normalizedKey": $0.normalizedKey ?? "",
                        "username": $0.credential.username,
                    ]
                },
                findings: secret.findings.map {
                    [
                        "code": $0.code.rawValue, "severity": $0.severity.rawValue,
                        "effect": $0.effect.rawValue, "registryKey": $0.registryKey ?? "",
                        "message": $0.message,
                    ]
                })
        }
        let logins = report.logins.map { login -> LoginRecord in
            var secret = ""
            if case .pullSecret(let namespace, let name, _, _) = login.check.source { secret = "\(namespace)/\(name)" }
            return LoginRecord(
                secret: secret, registry: login.check.registry.name, credentialSource: login.check.source.description,
                status: login.status.rawValue, strength: login.strength.rawValue, message: login.message)
        }
        let images = report.images.map {
            ImageRecord(
                image: $0.image, prediction: $0.prediction.code, predictionMessage: $0.prediction.message,
                candidates: $0.candidates.map(\.source.description), attempts: $0.attempts.map(ResultRecord.init))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(
            secrets: secrets, logins: logins, images: images, problems: report.problems.map(\.description))
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
