/// The properties bite: each test runs one of the property functions of EstimatorProperties,
/// LossProperties or GradientProperties, unchanged, against the real implementation with one piece
/// swapped for a deliberately broken variant (a plausible bug), and asserts that FsCheck falsifies it.
/// Always from the fixed default seed (Run.tryFalsify), so "caught" is a deterministic claim; the
/// shrunk counter-example is written to the test output.
[<NUnit.Framework.TestFixture>]
module Contrastive.Properties.Objectives.MutationTests

open System
open NUnit.Framework
open FsCheck
open TorchSharp
open Contrastive.Objectives
open Contrastive.Properties.Objectives.Generators
open Contrastive.Properties.Objectives.Implementations
open Contrastive.Properties.Objectives.EstimatorProperties
open Contrastive.Properties.Objectives.LossProperties
open Contrastive.Properties.Objectives.GradientProperties

/// Broken variants, each a one-line departure from the definition.
module Mutants =
    let private k (s: Tensor) = float s.shape[0]
    let private meanDiagonal (s: Tensor) = s.diagonal().mean()
    let private offMasked (s: Tensor) (fill: float) = s.masked_fill(ScoreMatrix.DiagonalMask(s.shape[0], s.device), fill)
    let private logOffmean (s: Tensor) = offMasked s Double.NegativeInfinity |> fun m -> m.flatten().logsumexp(0L) - log (k s * (k s - 1.0))

    /// InfoNCE without its log K term.
    let infoNceWithoutLogK (s: Tensor) = -((s.logsumexp(1L) - s.diagonal()).mean())

    /// InfoNCE with the transposed convention: LSE down the columns.
    let infoNceTransposed (s: Tensor) = log (k s) + (s.diagonal() - s.logsumexp(0L)).mean()

    /// InfoNCE with every positive read from column 0 (MoCo's "target index 0" carried over).
    let infoNcePositiveInColumnZero (s: Tensor) = log (k s) + (s.select(1L, 0L) - s.logsumexp(1L)).mean()

    /// The InfoNCE loss with its partition term detached (no gradient to the negatives).
    let infoNceLossWithDetachedPartition (s: Tensor) (_: bool) = (s.logsumexp(1L).detach() - s.diagonal()).mean()

    /// DV with the diagonal left in the partition term (still divided by K(K-1)).
    let dvWithDiagonalUnmasked (s: Tensor) = meanDiagonal s - (s.flatten().logsumexp(0L) - log (k s * (k s - 1.0)))

    /// DV whose mask fills the diagonal with a large finite number instead of -infinity.
    let dvWithFiniteMask (s: Tensor) = meanDiagonal s - ((offMasked s -1e9).flatten().logsumexp(0L) - log (k s * (k s - 1.0)))

    /// DV whose off-diagonal mean divides by K^2 instead of K(K-1).
    let dvNormalisedByKSquared (s: Tensor) = meanDiagonal s - (offMasked s Double.NegativeInfinity).flatten().logsumexp(0L) + log (k s * k s)

    /// DV with the partition term normalised per row: mean_i log mean_{j != i} e^{S[i, j]}.
    let dvNormalisedPerRow (s: Tensor) = meanDiagonal s - ((offMasked s Double.NegativeInfinity).logsumexp(1L) - log (k s - 1.0)).mean()

    /// NWJ with the e^{-1} factor dropped.
    let nwjWithoutEMinusOne (s: Tensor) = meanDiagonal s - (logOffmean s).exp()

    /// NWJ as first written: exp(log offmean e^S - 1), whose gradient is inf * 0 = NaN once the mean overflows.
    let nwjThroughExpOfLogSumExp (s: Tensor) = meanDiagonal s - (logOffmean s - 1.0).exp()

    /// JS with the marginal term added instead of subtracted.
    let jensenShannonWithMarginalAdded (s: Tensor) =
        -(torch.nn.functional.softplus(-s.diagonal()).mean()) + ScoreMatrix.MeanOffDiagonal(torch.nn.functional.softplus(s))

    /// TUBA with the baseline's sign flipped: log a(y) added to the scores instead of subtracted.
    let tubaWithBaselineSignFlipped (s: Tensor) (logBaseline: Tensor) =
        let b = logBaseline.reshape(-1L).expand(s.shape[0])
        1.0 + (s.diagonal() + b).mean() - ScoreMatrix.MeanExpOffDiagonal(s + b.unsqueeze(0L))

    /// I_1 whose joint term uses the baseline that leaves out the positive itself (a per-column DV):
    /// the positive no longer caps its own ratio, and the bound log(K-1) is gone.
    let interpolatedWithPositiveLeftOutOfTheJointBaseline (s: Tensor) (logQ: Tensor) (alpha: float) =
        if alpha <> 1.0 then
            MutualInformation.Interpolated(s, logQ, alpha)
        else
            let ownColumn = (offMasked s Double.NegativeInfinity).logsumexp(0L) - log (k s - 1.0)
            (s.diagonal() - ownColumn).mean()

    type private NtXentVariant =
        { Normalise: bool
          MaskSelf: bool
          BothViews: bool }

    let private ntXent (variant: NtXentVariant) (z1: Tensor) (z2: Tensor) (tau: float) =
        let n = z1.shape[0]
        let stacked = torch.cat([| z1; z2 |], 0L)
        let z = if variant.Normalise then torch.nn.functional.normalize(stacked, p = 2.0, dim = 1L) else stacked
        let similarity = z.matmul(z.t()) / tau
        let logits =
            if variant.MaskSelf then similarity.masked_fill(ScoreMatrix.DiagonalMask(2L * n, z.device), Double.NegativeInfinity)
            else similarity
        let positive = torch.tensor([| for a in 0L .. 2L * n - 1L -> (a + n) % (2L * n) |])
        let perAnchor = logits.logsumexp(1L) - logits.gather(1L, positive.unsqueeze(1L)).squeeze(1L)
        if variant.BothViews then perAnchor.mean() else perAnchor.narrow(0L, 0L, n).mean()

    let private correct = { Normalise = true; MaskSelf = true; BothViews = true }

    /// NT-Xent with each anchor's self-similarity left among its candidates.
    let ntXentWithSelfSimilarity = ntXent { correct with MaskSelf = false }

    /// NT-Xent on raw dot products (no L2 normalisation).
    let ntXentOnDotProducts = ntXent { correct with Normalise = false }

    /// NT-Xent averaged over the first view's anchors only.
    let ntXentFirstViewAnchorsOnly = ntXent { correct with BothViews = false }

    /// MoCo that enqueues the batch's keys before forming the loss: each key becomes its own negative.
    let mocoEnqueueBeforeUse (q: Tensor) (k: Tensor) (queue: NegativeQueue) (tau: float) =
        queue.Enqueue(torch.nn.functional.normalize(k.detach(), p = 2.0, dim = 1L))
        Losses.MoCo(q, k, queue, tau)

/// Asserts that FsCheck falsifies the property (not merely that something threw), and shows the
/// shrunk counter-example.
let private mustBeCaught (property: Property) =
    match Run.tryFalsify 200 property with
    | None -> Assert.Fail "the mutant survived 200 cases: the property does not bite"
    | Some report ->
        TestContext.Out.WriteLine report
        Assert.That(report, Does.Contain("Expected true, got false"), "the property must fail by its check, not by an exception")

[<Test>]
let ``property 2 catches InfoNCE without its log K`` () =
    aConstantCriticGivesInfoNceLossLogKAndEstimateZero { real with InfoNce = Mutants.infoNceWithoutLogK } |> mustBeCaught

[<Test>]
let ``property 3 catches the transposed convention`` () =
    rowOffsetsLeaveInfoNceUnchanged { real with InfoNce = Mutants.infoNceTransposed } |> mustBeCaught

[<Test>]
let ``property 3 with column offsets catches the transposed convention`` () =
    columnOffsetsOnAConstantCriticLowerInfoNceByTheirSpread { real with InfoNce = Mutants.infoNceTransposed } |> mustBeCaught

[<Test>]
let ``property 4 catches a detached partition term`` () =
    infoNceGradientIsSoftmaxMinusIdentityOverK { real with InfoNceLoss = Mutants.infoNceLossWithDetachedPartition } |> mustBeCaught

[<Test>]
let ``property 5 catches positives read from column 0`` () =
    aJointPermutationLeavesEveryEstimatorUnchanged { real with InfoNce = Mutants.infoNcePositiveInColumnZero } |> mustBeCaught

[<Test>]
let ``property 6 catches a partition term normalised per row`` () =
    transposingLeavesTheSymmetricEstimatorsUnchanged { real with DonskerVaradhan = Mutants.dvNormalisedPerRow } |> mustBeCaught

[<Test>]
let ``property 8 catches NWJ without e^-1`` () =
    nwjPeaksAtDvWhenShiftedByOneMinusLogOffmean { real with Nwj = Mutants.nwjWithoutEMinusOne } |> mustBeCaught

[<Test>]
let ``property 9 catches the JS marginal term added instead of subtracted`` () =
    jensenShannonIsNeverPositive { real with JensenShannon = Mutants.jensenShannonWithMarginalAdded } |> mustBeCaught

[<Test>]
let ``property 10 catches DV with the diagonal left unmasked`` () =
    aConstantCriticScoresZeroForInfoNceAndDvAndAtMostZeroForNwj { real with DonskerVaradhan = Mutants.dvWithDiagonalUnmasked } |> mustBeCaught

[<Test>]
let ``property 10 catches the off-diagonal mean normalised by K^2`` () =
    aConstantCriticScoresZeroForInfoNceAndDvAndAtMostZeroForNwj { real with DonskerVaradhan = Mutants.dvNormalisedByKSquared } |> mustBeCaught

[<Test>]
let ``property 10 and 14 catch a mask that uses a large finite number`` () =
    aConstantCriticFarBelowAnyFiniteMaskStillScoresZero { real with DonskerVaradhan = Mutants.dvWithFiniteMask } |> mustBeCaught

[<Test>]
let ``property 11 catches NWJ without e^-1 at the Gaussian ground truth`` () =
    estimatorsAtTheExactGaussianCriticLandOnTheTrueInformation { real with Nwj = Mutants.nwjWithoutEMinusOne } |> mustBeCaught

[<Test>]
let ``property 11 catches InfoNCE without its log K at the Gaussian ground truth`` () =
    estimatorsAtTheExactGaussianCriticLandOnTheTrueInformation { real with InfoNce = Mutants.infoNceWithoutLogK } |> mustBeCaught

[<Test>]
let ``property 13 catches NT-Xent with the self-similarity left in`` () =
    ntXentTendsToLogOfTwoNMinusOneAsTauGrows { real with NtXent = Mutants.ntXentWithSelfSimilarity } |> mustBeCaught

[<Test>]
let ``property 13 catches NT-Xent on dot products`` () =
    ntXentIsInvariantToPositiveRescalingOfEachEmbedding { real with NtXent = Mutants.ntXentOnDotProducts } |> mustBeCaught

[<Test>]
let ``property 13 catches NT-Xent over one view's anchors`` () =
    ntXentIsSymmetricInTheTwoViews { real with NtXent = Mutants.ntXentFirstViewAnchorsOnly } |> mustBeCaught

[<Test>]
let ``property 14 catches the NaN gradient of NWJ as first written`` () =
    gradientsOfEveryEstimatorHaveNoNaN { real with Nwj = Mutants.nwjThroughExpOfLogSumExp } |> mustBeCaught

[<Test>]
let ``the I_alpha bound catches a joint baseline without the positive`` () =
    interpolatedWithAlphaOneNeverExceedsLogKMinusOne { real with Interpolated = Mutants.interpolatedWithPositiveLeftOutOfTheJointBaseline } |> mustBeCaught

[<Test>]
let ``the TUBA identity catches a baseline with the wrong sign`` () =
    tubaWithAConstantBaselineIsNwjShiftedByOneMinusTheLogBaseline { real with Tuba = Mutants.tubaWithBaselineSignFlipped } |> mustBeCaught

[<Test>]
let ``the MoCo transcription catches keys enqueued before use`` () =
    mocoMatchesItsPlainLoopTranscriptionAndLeavesTheQueueAlone { real with MoCo = Mutants.mocoEnqueueBeforeUse } |> mustBeCaught
