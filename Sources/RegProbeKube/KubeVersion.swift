/// The Kubernetes behaviour regprobe predicts: kubelet and the API server as of this minor version
/// (see ../shared/research/kubelet-credentials.md for the rules and their sources).
public enum KubeVersion {
    public static let modelled = "1.35"
}
