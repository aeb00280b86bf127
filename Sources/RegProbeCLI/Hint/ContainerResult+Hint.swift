import RegProbe
import RegProbeKube

extension ContainerResult {
    /// The next step for the user when the prediction fails (or is a risk): the check's hint when a registry was
    /// asked, else one for the Kubernetes rule that decided it.
    var hint: String? {
        switch prediction {
        case .pulls, .errImagePull, .unverifiable: return attempts.first?.hint
        case .invalidImageName:
            return "fix the image name in the manifest: lowercase repository, [registry/]repository[:tag][@digest]"
        case .rejectedByAPIServer: return "fix the manifest: the API server refuses it as written"
        case .keyringError:
            return
                "fix the pull secret (regprobe secret FILE shows what is wrong): kubelet cannot decode it, so every pull of this pod fails"
        case .errImageNeverPull:
            return "make sure the image is on every node (pre-pulled), or use imagePullPolicy IfNotPresent"
        }
    }
}
