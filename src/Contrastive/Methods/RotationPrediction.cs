using Contrastive.Augment;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Methods;

/// <summary>
/// Rotation prediction (Gidaris, Singh and Komodakis, "Unsupervised Representation Learning by
/// Predicting Image Rotations", ICLR 2018; RotNet): every image of the batch is shown in all four
/// quarter turns (0°, 90°, 180°, 270°) and a head on the encoder's features predicts which turn it
/// sees. To tell which way is up the encoder has to find the object and its orientation, which is
/// what the features are wanted for.
/// </summary>
/// <remarks>
/// <para>
/// Each step: one view of every image (the spec's augmentations, if any), <see cref="Rotations.AllFour"/>
/// ([N, C, H, H] → [4N, C, H, H], labels 0..3 in blocks of N, as RotNet puts all four rotations of an
/// image in the same batch), the encoder and the head, cross-entropy against the labels. Logs
/// "pretext-accuracy", the share of the 4N rotations the head gets right (chance: 0.25).
/// </para>
/// <para>
/// Images must be square (a quarter turn swaps height and width), and the views must not be turned
/// already: a pipeline with an active <see cref="Rotate90"/> step is refused. Evaluation probes the
/// encoder on the upright images. Checkpoint keys: <c>encoder.*</c>, <c>head.*</c>.
/// </para>
/// </remarks>
public class RotationPrediction : SelfSupervisedMethod
{
    /// <summary>The quarter turns the head tells apart.</summary>
    public const int Classes = 4;

    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> head;

    /// <summary>Creates rotation prediction under a module name of the subclass's choosing.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="settings">Rotation prediction's settings (it has none to change).</param>
    /// <param name="encoder">f: images to features, [N, C, H, H] -> [N, F].</param>
    /// <param name="head">g: features to four logits, [N, F] -> [N, 4].</param>
    protected RotationPrediction(string name, RotationPredictionSettings settings, nn.Module<Tensor, Tensor> encoder, nn.Module<Tensor, Tensor> head)
        : base(name)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.head = head ?? throw new ArgumentNullException(nameof(head));
        if (ReferenceEquals(encoder, head))
        {
            throw new ArgumentException("the head must be a module of its own, not the encoder again.", nameof(head));
        }

        register_module(nameof(encoder), encoder);
        register_module(nameof(head), head);
    }

    /// <summary>What this method was made with (nothing to change).</summary>
    public RotationPredictionSettings Settings { get; }

    /// <summary>The encoder's output on the (upright) images, which evaluation probes.</summary>
    public override Tensor Features(Tensor inputs) => encoder.call(inputs);

    /// <summary>The head's four logits for each image: which quarter turn it shows, [N, 4].</summary>
    public Tensor Logits(Tensor images) => head.call(encoder.call(images));

    /// <summary>Cross-entropy of the head's guess of the quarter turn over all four turns of each view.</summary>
    public override StepResult TrainingStep(TrainingBatch batch, ViewMaker views, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(views);
        if (views.Pipeline.Steps.OfType<Rotate90>().Any(step => step.P > 0))
        {
            throw new ArgumentException(
                "rotation prediction labels each image by the quarter turn it applies, so its views must not be turned already: remove the Rotate90 step from the augmentations.",
                nameof(views));
        }

        var view = views.MakeView(batch.Inputs, generator);      // [N, C, H, H]
        var (rotated, labels) = Rotations.AllFour(view);          // [4N, C, H, H], [4N]
        return PretextClassifier.Classify(Logits(rotated), labels, Classes, "rotation prediction");
    }
}
