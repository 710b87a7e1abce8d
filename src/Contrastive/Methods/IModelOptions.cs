using Contrastive.Augment;
using Contrastive.Training;

namespace Contrastive.Methods;

/// <summary>
/// What every generated options record (<c>{Model}Options</c>) gives the run workflow, typed: the
/// training options and the views. A run reads them through this interface, never by reflection.
/// </summary>
public interface IModelOptions
{
    /// <summary>Batch size, epochs, optimizer, schedule, seed and dataset of a training run.</summary>
    TrainOptions Train { get; }

    /// <summary>
    /// The augmentations that make each view of an image. A method that makes no views (CPC, Deep
    /// InfoMax, an MI critic) has no <c>Augment</c> option of its own and gets
    /// <see cref="ViewPipeline.Identity"/>, the no-op the trainer expects for it.
    /// </summary>
    ViewPipeline Augment => ViewPipeline.Identity;

    /// <summary>
    /// What <c>--set</c> can change, by the spec's key paths (the record's generated <c>Settings</c>
    /// table); <see cref="OptionOverrides"/> applies overrides through it.
    /// </summary>
    IReadOnlyList<IOptionSetting> Settings { get; }
}
