using System.Globalization;
using Contrastive.Augment;
using Contrastive.Objectives;
using Contrastive.Reporting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>Which encodings CPC scores each prediction against, besides its positive.</summary>
public enum CpcNegatives
{
    /// <summary>The encodings at the same position of the other samples of the batch (N candidates: the batch).</summary>
    Batch,

    /// <summary>The encodings at the other anchor positions of the same sample: other time steps of a sequence, other patches of an image.</summary>
    SameSequence,

    /// <summary>Both: every target encoding of the batch at every anchor position (the CPC paper's choice).</summary>
    Both,
}

/// <summary>
/// How image CPC cuts an image into a grid of patches (<see cref="PatchGrid.Extract"/>): squares of
/// <paramref name="Size"/> pixels whose corners are <paramref name="Stride"/> pixels apart, overlapping
/// when the stride is smaller than the size.
/// </summary>
/// <param name="Size">Side of a patch in pixels, at least 1.</param>
/// <param name="Stride">Pixels between neighbouring patches, at least 1.</param>
public sealed record CpcPatches(int Size, int Stride)
{
    /// <summary>
    /// The smallest prediction step whose target row shares no pixel with the rows the context has
    /// seen: rows r and r + k are disjoint when k · stride ≥ size, so ⌈size / stride⌉ (1 without overlap).
    /// </summary>
    public int FirstSafeStep => (Size + Stride - 1) / Stride;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming a size or stride below 1.</summary>
    public void Validate()
    {
        OptionChecks.AtLeast(Size, 1, nameof(CpcPatches), nameof(Size), "a patch has at least one pixel");
        OptionChecks.AtLeast(Stride, 1, nameof(CpcPatches), nameof(Stride), "patches move by at least one pixel");
    }
}

/// <summary>
/// Contrastive Predictive Coding (van den Oord, Li and Vinyals, "Representation Learning with
/// Contrastive Predictive Coding", 2018): an encoder maps each step of the input to z_t, an
/// autoregressive context network summarises z_{≤t} into c_t, and for each prediction step k a linear
/// map W_k scores candidate encodings z_j by <c>z_jᵀ W_k c_t</c>. InfoNCE over the positive z_{t+k}
/// and the negatives trains all three, and bounds I(x_{t+k}; c_t) ≥ log N − L_N for N candidates.
/// </summary>
/// <remarks>
/// <para>
/// Two input kinds. <b>Sequences</b> [N, C, T]: the encoder (strided 1-d convolutions) gives
/// [N, D, T'], the context (a GRU) [N, H, T']. <b>Images</b> [N, C, H, W] as a grid of patches (CPC for
/// vision): the encoder embeds every patch [C, p, p] into [D], giving a grid [N, D, R, Cl]; the
/// context runs down each column of the grid as a sequence over rows, so c at row r has seen rows ≤ r
/// only, and predicts the rows r + k below. With overlapping patches the first step must be at least
/// <see cref="CpcPatches.FirstSafeStep"/>, or the target would share pixels with what the context saw.
/// </para>
/// <para>
/// Every position r &lt; L − k_max is an anchor for every step, so the scores of one step form a stack
/// [G, M, M] of score matrices with the positives on their diagonals (<see cref="Score"/>):
/// G groups of M predictions, each scored against the M targets of its group. The loss is the mean
/// over steps of <see cref="Losses.InfoNce"/>; logged per step k: the loss (<c>loss-kK</c>), the
/// accuracy of picking the positive (<c>accuracy-kK</c>) and the bound log M − loss (<c>bound-kK</c>,
/// the value <see cref="MutualInformation.InfoNce"/> gives for the same scores).
/// </para>
/// <para>
/// Evaluation probes the context at the last position for sequences, and the mean of the patch
/// encodings over the grid for images. Checkpoint keys: <c>encoder.*</c>, <c>context.*</c> and
/// <c>predictions.{i}.weight</c> (W_k of the i-th step, [D, H]). Generated models derive from this class
/// through the protected constructor.
/// </para>
/// </remarks>
public class Cpc : SelfSupervisedMethod
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> context;
    private readonly ModuleList<Linear> predictions;

    /// <summary>Creates CPC named "Cpc".</summary>
    /// <param name="settings">Steps predicted, the first step and the negatives.</param>
    /// <param name="encoder">g_enc: sequences [N, C, T] to [N, D, T'], or patches [P, C, p, p] to [P, D].</param>
    /// <param name="context">g_ar: encodings [N, D, L] to contexts [N, H, L], causal along L (a GRU).</param>
    /// <param name="patches">The patch grid for images; null for sequences.</param>
    /// <param name="encodingSize">D, the size of each z.</param>
    /// <param name="contextSize">H, the size of each c.</param>
    public Cpc(CpcSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> context, CpcPatches? patches, int encodingSize, int contextSize)
        : this(nameof(Cpc), settings, encoder, context, patches, encodingSize, contextSize)
    {
    }

    /// <summary>Creates CPC under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">Steps predicted, the first step and the negatives.</param>
    /// <param name="encoder">g_enc: sequences [N, C, T] to [N, D, T'], or patches [P, C, p, p] to [P, D].</param>
    /// <param name="context">g_ar: encodings [N, D, L] to contexts [N, H, L], causal along L (a GRU).</param>
    /// <param name="patches">The patch grid for images; null for sequences.</param>
    /// <param name="encodingSize">D, the size of each z.</param>
    /// <param name="contextSize">H, the size of each c.</param>
    protected Cpc(string name, CpcSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> context, CpcPatches? patches, int encodingSize, int contextSize)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (steps, firstStep, negatives) = settings;
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(context);
        OptionChecks.AtLeast(encodingSize, 1, nameof(Cpc), nameof(encodingSize), "the size of z");
        OptionChecks.AtLeast(contextSize, 1, nameof(Cpc), nameof(contextSize), "the size of c");
        OptionChecks.AtLeast(steps, 1, nameof(Cpc), nameof(steps), "CPC predicts at least one step ahead");
        OptionChecks.AtLeast(firstStep, 1, nameof(Cpc), nameof(firstStep), "the context never predicts the position it has seen");
        OptionChecks.Defined(negatives, nameof(Cpc), nameof(negatives));
        if (ReferenceEquals(encoder, context))
        {
            throw new ArgumentException("the context network must be a module of its own, not the encoder again.", nameof(context));
        }

        if (patches is not null)
        {
            patches.Validate();
            if (firstStep < patches.FirstSafeStep)
            {
                throw new ArgumentException(
                    $"patches of {patches.Size} pixels every {patches.Stride} pixels overlap, so row r + {firstStep} shares pixels with row r, which the context has seen: "
                    + $"predicting it leaks the answer. Predict from step {patches.FirstSafeStep} on (first step {patches.FirstSafeStep}), or make the stride at least the patch size.",
                    nameof(firstStep));
            }
        }

        this.encoder = encoder;
        this.context = context;
        Patches = patches;
        EncodingDimension = encodingSize;
        ContextDimension = contextSize;
        Settings = settings;
        StepOffsets = Enumerable.Range(firstStep, steps).ToArray();
        predictions = nn.ModuleList(StepOffsets.Select(_ => nn.Linear(contextSize, encodingSize, hasBias: false)).ToArray());

        // Registered by name rather than by RegisterComponents() (see SimClr): a subclass's fields are
        // still unassigned here.
        register_module(nameof(encoder), encoder);
        register_module(nameof(context), context);
        register_module(nameof(predictions), predictions);
    }

    /// <summary>What this method was made with: steps predicted, the first step and the negatives.</summary>
    public CpcSettings Settings { get; }

    /// <summary>The patch grid of image CPC, or null for sequences.</summary>
    public CpcPatches? Patches { get; }

    /// <summary>D, the size of each encoding z.</summary>
    public int EncodingDimension { get; }

    /// <summary>H, the size of each context c.</summary>
    public int ContextDimension { get; }

    /// <summary>The first step predicted.</summary>
    public int FirstStep => Settings.FirstStep;

    /// <summary>The steps k predicted, in order: FirstStep, FirstStep + 1, ...</summary>
    public IReadOnlyList<int> StepOffsets { get; }

    /// <summary>Where the negatives come from.</summary>
    public CpcNegatives Negatives => Settings.Negatives;

    /// <summary>
    /// <c>steps.png</c>: the accuracy of picking the positive and the bound log N − L_N over training,
    /// one curve per predicted step k (the metrics <c>accuracy-kK</c> and <c>bound-kK</c> each step logs).
    /// </summary>
    public override IReadOnlyList<MetricPlot> Plots =>
    [
        new MetricPlot("steps.png",
        [
            new MetricPanel("accuracy of picking the positive, per step k", "accuracy", PerStep("accuracy")),
            new MetricPanel("bound log N - L_N, per step k", "nats", PerStep("bound")),
        ]),
    ];

    /// <summary>W_k of the <paramref name="index"/>-th predicted step (k = <c>StepOffsets[index]</c>), [D, H].</summary>
    public Parameter PredictionWeight(int index) => predictions[index].weight!;

    /// <summary>
    /// The encodings as a grid [N, D, L, W]: for sequences z over time, [N, D, T', 1]; for images the
    /// patch encodings, [N, D, rows, columns].
    /// </summary>
    /// <param name="inputs">[N, C, T] sequences or [N, C, H, W] images.</param>
    public Tensor Encode(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Patches is null)
        {
            RequireRank(inputs, 3, "sequences [N, C, T]");
            var z = encoder.call(inputs);                                   // [N, D, T']
            if (z.dim() != 3 || z.shape[1] != EncodingDimension)
            {
                throw new InvalidOperationException($"CPC's sequence encoder must give [N, {EncodingDimension}, T']; it gave [{string.Join(", ", z.shape)}].");
            }

            return z.unsqueeze(3);                                          // [N, D, T', 1]
        }

        RequireRank(inputs, 4, "images [N, C, H, W]");
        var grid = PatchGrid.Extract(inputs, Patches.Size, Patches.Stride); // [N, R, Cl, C, p, p]
        var (n, rows, columns) = (grid.shape[0], grid.shape[1], grid.shape[2]);
        var encoded = encoder.call(grid.flatten(0, 2));                      // [N R Cl, C, p, p] -> [N R Cl, D]
        if (encoded.dim() != 2 || encoded.shape[1] != EncodingDimension)
        {
            throw new InvalidOperationException($"CPC's patch encoder must give one vector [{EncodingDimension}] per patch; it gave [{string.Join(", ", encoded.shape)}].");
        }

        return encoded.reshape(n, rows, columns, EncodingDimension).permute(0, 3, 1, 2);   // [N, R, Cl, D] -> [N, D, R, Cl]
    }

    /// <summary>
    /// The contexts [N, H, L, W] of an encoding grid [N, D, L, W]: the context network runs along L
    /// separately in every column w, so c[.., l, w] depends on z[.., ≤ l, w] only.
    /// </summary>
    public Tensor Contextualize(Tensor encodings)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        RequireRank(encodings, 4, "an encoding grid [N, D, L, W]");
        var (n, length, width) = (encodings.shape[0], encodings.shape[2], encodings.shape[3]);
        var columns = encodings.permute(0, 3, 1, 2).reshape(n * width, EncodingDimension, length);   // [N, D, L, W] -> [N W, D, L]
        var c = context.call(columns);                                                         // [N W, H, L]
        if (c.dim() != 3 || c.shape[1] != ContextDimension || c.shape[2] != length)
        {
            throw new InvalidOperationException($"CPC's context network must map [B, {EncodingDimension}, L] to [B, {ContextDimension}, L]; it gave [{string.Join(", ", c.shape)}] for L = {length}.");
        }

        return c.reshape(n, width, ContextDimension, length).permute(0, 2, 3, 1);                   // [N, W, H, L] -> [N, H, L, W]
    }

    /// <summary>
    /// The scores of every prediction, [K, G, M, M]: for step index i, group g holds M predictions
    /// W_k c of anchors (rows) against the M targets z of the same group (columns), each row's positive
    /// on the diagonal. Anchors are the positions l &lt; L − k_max of every column. By negatives:
    /// <see cref="CpcNegatives.Batch"/> has a group per anchor position (G = positions, M = batch);
    /// <see cref="CpcNegatives.SameSequence"/> a group per sample (G = batch, M = positions);
    /// <see cref="CpcNegatives.Both"/> one group of every anchor (G = 1, M = batch × positions).
    /// </summary>
    /// <param name="encodings">z, [N, D, L, W] (<see cref="Encode"/>).</param>
    /// <param name="contexts">c, [N, H, L, W] (<see cref="Contextualize"/>).</param>
    public Tensor Score(Tensor encodings, Tensor contexts)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        ArgumentNullException.ThrowIfNull(contexts);
        var (n, length, width) = (encodings.shape[0], encodings.shape[2], encodings.shape[3]);
        var anchorRows = length - StepOffsets[^1];
        if (anchorRows < 1)
        {
            throw new ArgumentException(
                $"predicting up to {StepOffsets[^1]} steps ahead needs more than {StepOffsets[^1]} encoded positions along the prediction axis; the encoder gives {length}. Predict fewer steps or encode longer inputs.",
                nameof(encodings));
        }

        var positions = anchorRows * width;
        var (groups, size) = Negatives switch
        {
            CpcNegatives.Batch => (positions, n),
            CpcNegatives.SameSequence => (n, positions),
            _ => (1L, n * positions),
        };
        if (size < 2)
        {
            throw new ArgumentException(
                $"with negatives {Negatives} each prediction would have {size} candidate: {(Negatives == CpcNegatives.Batch ? "a batch of at least 2 is needed" : "at least 2 anchor positions are needed (predict fewer steps, or encode longer inputs)")}.",
                nameof(encodings));
        }

        // Anchors: contexts at rows < L - k_max, [N, P, H]; predictions W_k c for every step, [K, N, P, D].
        var anchors = contexts.narrow(2, 0, anchorRows).flatten(2).transpose(1, 2);
        var weights = stack(predictions.Select(p => p.weight!).ToArray(), 0);                  // [K, D, H]
        var predicted = einsum("nph,kdh->knpd", anchors, weights);
        // Targets: z at row + k for each step, [K, N, P, D].
        var targets = stack(StepOffsets.Select(k => encodings.narrow(2, k, anchorRows).flatten(2).transpose(1, 2)).ToArray(), 0);
        return Negatives switch
        {
            CpcNegatives.Batch => einsum("knpd,kmpd->kpnm", predicted, targets),                  // [K, P, N, N]
            CpcNegatives.SameSequence => einsum("knpd,knqd->knpq", predicted, targets),           // [K, N, P, P]
            _ => predicted.flatten(1, 2).bmm(targets.flatten(1, 2).transpose(1, 2)).unsqueeze(1), // [K, 1, NP, NP]
        };
    }

    /// <summary>
    /// The features evaluation probes: the context at the last position for sequences ([N, H]), the
    /// mean patch encoding over the grid for images ([N, D]).
    /// </summary>
    public override Tensor Features(Tensor inputs)
    {
        var z = Encode(inputs);
        if (Patches is not null)
        {
            return z.mean([2L, 3L]);                                       // [N, D, R, Cl] -> [N, D]
        }

        var c = Contextualize(z);                                          // [N, H, T', 1]
        return c.select(3, 0).select(2, c.shape[2] - 1);                   // [N, H]
    }

    /// <summary>
    /// One CPC step: encode, contextualise, score every step's predictions, and the mean over steps of
    /// InfoNCE; logs each step's loss, accuracy and bound. Uses no views (<paramref name="views"/> may be <see cref="ViewMaker.None"/>).
    /// </summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var z = Encode(batch.Inputs);
        var scores = Score(z, Contextualize(z));
        var losses = new Tensor[StepOffsets.Count];
        var metrics = new List<Metric>(3 * StepOffsets.Count);
        for (var i = 0; i < StepOffsets.Count; i++)
        {
            var step = scores[i];                                          // [G, M, M]
            losses[i] = Losses.InfoNce(step);
            var k = StepOffsets[i];
            using (no_grad())
            {
                // Logged as float32, as every metric is, whatever the model's dtype.
                metrics.Add(new Metric(StepMetric("loss", k), losses[i].detach().to(ScalarType.Float32)));
                metrics.Add(new Metric(StepMetric("accuracy", k), ContrastiveMetrics.ScoreTop1(step)));
                // The bound log N - L_N (MutualInformation.InfoNce of these scores), from the loss already computed.
                metrics.Add(new Metric(StepMetric("bound", k), (Math.Log(step.shape[^1]) - losses[i].detach()).to(ScalarType.Float32)));
            }
        }

        return new StepResult(stack(losses).mean(), metrics);
    }

    // The name a per-step metric is logged under ("accuracy-k2"), and its curves in Plots.
    private static string StepMetric(string metric, int k) => metric + "-k" + k.ToString(CultureInfo.InvariantCulture);

    private List<MetricCurve> PerStep(string metric) =>
        StepOffsets.Select(k => new MetricCurve("k = " + k.ToString(CultureInfo.InvariantCulture), StepMetric(metric, k))).ToList();

    private static void RequireRank(Tensor x, int rank, string what)
    {
        if (x.dim() != rank)
        {
            throw new ArgumentException($"CPC here reads {what}; got [{string.Join(", ", x.shape)}].", nameof(x));
        }
    }
}
