namespace Contrastive.FSharp

open TorchSharp

/// Variational lower bounds on I(X; Y), in nats, from a K x K score matrix S[i, j] = f(x_i, y_j)
/// with the positive pairs on the diagonal (Contrastive.Objectives.MutualInformation). Each result
/// is a scalar tensor carrying gradient: maximise it to train the critic. The scores come last, for
/// piping: `scores |> MutualInformation.smile 5.0`.
[<RequireQualifiedAccess>]
module MutualInformation =

    /// InfoNCE: log K + mean_i (S[i, i] - LSE_j S[i, j]). Low variance, never above log K.
    let infoNce (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.InfoNce scores

    /// NWJ: mean_i S[i, i] - e^-1 offmean(e^S). Unbiased, high variance.
    let nwj (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.Nwj scores

    /// Donsker-Varadhan: mean_i S[i, i] - log offmean(e^S) (the value MINE reports).
    let donskerVaradhan (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.DonskerVaradhan scores

    /// The Jensen-Shannon bound (a training objective, not an MI estimate; see jensenShannonNwj).
    let jensenShannon (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.JensenShannon scores

    /// Train with Jensen-Shannon, report NWJ(S + 1).
    let jensenShannonNwj (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.JensenShannonNwj scores

    /// TUBA with the baseline log a(y_j), one per column ([K]) or a scalar.
    let tuba (logBaseline: torch.Tensor) (scores: torch.Tensor) =
        Contrastive.Objectives.MutualInformation.Tuba(scores, logBaseline)

    /// I_alpha: TUBA whose baseline mixes the leave-one-out InfoNCE baseline (weight alpha) with q(y).
    let interpolated (alpha: float) (logBaseline: torch.Tensor) (scores: torch.Tensor) =
        Contrastive.Objectives.MutualInformation.Interpolated(scores, logBaseline, alpha)

    /// SMILE: the Donsker-Varadhan value with the partition term's scores clipped to [-tau, tau].
    let smile (tau: float) (scores: torch.Tensor) = Contrastive.Objectives.MutualInformation.Smile(scores, tau)
