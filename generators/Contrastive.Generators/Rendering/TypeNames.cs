using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Contrastive.Generators.Rendering;

/// <summary>
/// Every type generated code names outside its own, fully qualified with <c>global::</c>, so that no
/// model, part, layer or namespace a spec declares can hide it. Readers and templates take the names
/// from here, and each method's reader names its own runtime types (<see cref="Spec.Methods.MethodReader.UsedTypes"/>);
/// <see cref="Spec.Identifiers"/> reads both through <see cref="Paths"/> to find the few full names a
/// spec may still not declare.
/// </summary>
internal static class TypeNames
{
    // System
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string StringComparison = "global::System.StringComparison";

    // TorchSharp: the factories are members of the static class torch.nn, the field types live in TorchSharp.Modules.
    public const string Nn = "global::TorchSharp.torch.nn";
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Module = Nn + ".Module";
    public const string Sequential = Nn + ".Sequential";
    public const string Padding = "global::TorchSharp.Padding";
    public const string Conv1d = TorchModules + "Conv1d";
    public const string Conv2d = TorchModules + "Conv2d";
    public const string Linear = TorchModules + "Linear";
    public const string BatchNorm1d = TorchModules + "BatchNorm1d";
    public const string BatchNorm2d = TorchModules + "BatchNorm2d";
    public const string ReLU = TorchModules + "ReLU";
    public const string GELU = TorchModules + "GELU";
    public const string Tanh = TorchModules + "Tanh";
    public const string Sigmoid = TorchModules + "Sigmoid";
    public const string LeakyReLU = TorchModules + "LeakyReLU";
    public const string MaxPool1d = TorchModules + "MaxPool1d";
    public const string MaxPool2d = TorchModules + "MaxPool2d";
    public const string AvgPool1d = TorchModules + "AvgPool1d";
    public const string AvgPool2d = TorchModules + "AvgPool2d";
    public const string Flatten = TorchModules + "Flatten";
    public const string Dropout = TorchModules + "Dropout";

    // Contrastive.Layers
    public const string ChannelLayerNorm = "global::Contrastive.Layers.ChannelLayerNorm";
    public const string GlobalAvgPool = "global::Contrastive.Layers.GlobalAvgPool";
    public const string SequenceGru = "global::Contrastive.Layers.SequenceGru";
    public const string Residual = "global::Contrastive.Layers.Residual";

    // Contrastive.Methods: what generated code of any method names; each method's class, settings and
    // types of its own are its reader's (MethodReader.UsedTypes).
    public const string ModelInfo = Methods + "ModelInfo";
    public const string NegativeSampling = Methods + "NegativeSampling";
    public const string NegativeSource = Methods + "NegativeSource";
    public const string TargetMomentum = Methods + "TargetMomentum";
    public const string ModelOptions = Methods + "IModelOptions";
    public const string MomentumSchedule = Methods + "MomentumSchedule";

    // Contrastive.Objectives, Contrastive.Objectives.Critics
    public const string SeparableCritic = "global::Contrastive.Objectives.Critics.SeparableCritic";
    public const string BilinearCritic = "global::Contrastive.Objectives.Critics.BilinearCritic";
    public const string CosineCritic = "global::Contrastive.Objectives.Critics.CosineCritic";
    public const string ConcatCritic = "global::Contrastive.Objectives.Critics.ConcatCritic";
    public const string MiEstimator = "global::Contrastive.Objectives.MiEstimator";

    // Contrastive.Augment
    public const string ViewPipeline = Augment + "ViewPipeline";
    public const string AugmentStep = Augment + "AugmentStep";
    public const string RandomResizedCrop = Augment + "RandomResizedCrop";
    public const string HorizontalFlip = Augment + "HorizontalFlip";
    public const string ColorJitter = Augment + "ColorJitter";
    public const string GaussianBlur = Augment + "GaussianBlur";
    public const string GaussianNoise = Augment + "GaussianNoise";
    public const string RandomErasing = Augment + "RandomErasing";
    public const string Rotate90 = Augment + "Rotate90";

    // Contrastive.Training
    public const string TrainOptions = Training + "TrainOptions";
    public const string OptimizerOptions = Training + "OptimizerOptions";
    public const string OptimizerKind = Training + "OptimizerKind";
    public const string ScheduleOptions = Training + "ScheduleOptions";
    public const string ScheduleKind = Training + "ScheduleKind";
    public const string OptionSetting = Training + "OptionSetting";
    public const string OptionSettingEntry = Training + "IOptionSetting";
    public const string OptionSettings = Training + "OptionSettings";

    private const string TorchModules = "global::TorchSharp.Modules.";
    private const string Methods = "global::Contrastive.Methods.";
    private const string Augment = "global::Contrastive.Augment.";
    private const string Training = "global::Contrastive.Training.";

    /// <summary>The namespaces among the dotted prefixes of the names above; every other prefix is a type.</summary>
    public static IReadOnlyCollection<string> Namespaces { get; } = new HashSet<string>(System.StringComparer.Ordinal)
    {
        "System", "System.Collections", "System.Collections.Generic", "TorchSharp", "TorchSharp.Modules",
        "Contrastive", "Contrastive.Layers", "Contrastive.Methods", "Contrastive.Objectives", "Contrastive.Objectives.Critics",
        "Contrastive.Augment", "Contrastive.Training",
    };

    /// <summary>
    /// Every public name above and every method reader's type without <c>global::</c>
    /// ("TorchSharp.torch.Tensor"), and every namespace and type on the way to it ("TorchSharp", "TorchSharp.torch").
    /// </summary>
    public static IReadOnlyCollection<string> Paths { get; } = new HashSet<string>(
        typeof(TypeNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue())
            .Concat(Spec.Methods.MethodReaders.All.SelectMany(r => r.UsedTypes))
            .Select(name => name.Substring("global::".Length))
            .SelectMany(Prefixes),
        System.StringComparer.Ordinal);

    /// <summary>A type of <c>Contrastive.Methods</c> by its name: "SimClr" → global::Contrastive.Methods.SimClr.</summary>
    public static string Method(string name) => Methods + name;

    /// <summary>The factory in <c>torch.nn</c> of a TorchSharp module type: Conv2d → global::TorchSharp.torch.nn.Conv2d.</summary>
    public static string Factory(string moduleType) => Nn + "." + moduleType.Substring(TorchModules.Length);

    /// <summary>"A.B.C" → "A", "A.B", "A.B.C".</summary>
    public static IEnumerable<string> Prefixes(string path)
    {
        for (var dot = path.IndexOf('.'); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            yield return path.Substring(0, dot);
        }

        yield return path;
    }
}
