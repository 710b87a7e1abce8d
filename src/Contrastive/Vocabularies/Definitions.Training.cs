// Compiled by the runtime and by the generator (docs/ARCHITECTURE.md, "Vocabularies"): plain data,
// netstandard2.0, no TorchSharp. The generator tests see both assemblies, so each has its own namespace.
#if CONTRASTIVE_RUNTIME
namespace Contrastive.Vocabularies;
#else
namespace Contrastive.Generators.Vocabularies;
#endif

static partial class Definitions
{
    /// <summary>The training settings a spec's 'train' section and the runtime's option records share.</summary>
    public static class Training
    {
        /// <summary>
        /// The defaults, as constants: the settings below and the runtime's option records
        /// (<c>TrainOptions</c>, <c>OptimizerOptions</c>, <c>ScheduleOptions</c>) both read them, so a default is written once.
        /// </summary>
        public static class Defaults
        {
            /// <summary>'train.batch-size'.</summary>
            public const int BatchSize = 256;

            /// <summary>'train.epochs'.</summary>
            public const int Epochs = 10;

            /// <summary>'train.seed'.</summary>
            public const long Seed = 0;

            /// <summary>'train.optimizer.lr'.</summary>
            public const double LearningRate = 1e-3;

            /// <summary>'train.optimizer.weight-decay'.</summary>
            public const double WeightDecay = 0.0;

            /// <summary>'train.optimizer.momentum'.</summary>
            public const double Momentum = 0.9;

            /// <summary>'train.schedule.warmup-epochs'.</summary>
            public const double WarmupEpochs = 0.0;
        }

        /// <summary>'train.batch-size'.</summary>
        public static Setting BatchSize { get; } = new("batch-size", SettingType.Integer, new Bounds(2, true, 1 << 20, true), Defaults.BatchSize, "Samples per batch (at least 2, so every anchor has a negative).");

        /// <summary>'train.epochs'.</summary>
        public static Setting Epochs { get; } = new("epochs", SettingType.Integer, new Bounds(1, true, 1_000_000, true), Defaults.Epochs, "Passes over the training set.");

        /// <summary>'train.seed'.</summary>
        public static Setting Seed { get; } = new("seed", SettingType.Integer, new Bounds(0, true, double.PositiveInfinity, false), Defaults.Seed, "Seed of the initialisation, the data order and the augmentations.");

        /// <summary>'train.optimizer.name' (or 'train.optimizer' alone).</summary>
        public static Choice Optimizer { get; } = new("name", new[] { "adam", "adamw", "sgd" }, "The optimizer.");

        /// <summary>'train.optimizer.lr'.</summary>
        public static Setting LearningRate { get; } = new("lr", SettingType.Number, new Bounds(0, false, 100, true), Defaults.LearningRate, "Base learning rate, before the schedule scales it.");

        /// <summary>'train.optimizer.weight-decay'.</summary>
        public static Setting WeightDecay { get; } = new("weight-decay", SettingType.Number, new Bounds(0, true, 1, false), Defaults.WeightDecay, "Weight decay (on weights only).");

        /// <summary>'train.optimizer.momentum'.</summary>
        public static Setting Momentum { get; } = new("momentum", SettingType.Number, new Bounds(0, true, 1, false), Defaults.Momentum, "SGD's momentum; Adam and AdamW ignore it.");

        /// <summary>'train.schedule.name' (or 'train.schedule' alone).</summary>
        public static Choice Schedule { get; } = new("name", new[] { "constant", "cosine", "warmup-cosine" }, "The learning-rate schedule.");

        /// <summary>'train.schedule.warmup-epochs'.</summary>
        public static Setting WarmupEpochs { get; } = new("warmup-epochs", SettingType.Number, new Bounds(0, true, double.PositiveInfinity, false), Defaults.WarmupEpochs, "Epochs of linear warm-up (fractions allowed); 'warmup-cosine' only.");

        /// <summary>The one rule between warm-up and the run: the warm-up ends before the last epoch, so a
        /// 'warmup-cosine' schedule has a cosine phase (a warm-up as long as the run would leave none).</summary>
        public static bool WarmupFits(double warmupEpochs, long epochs) => warmupEpochs == 0 || warmupEpochs < epochs;

        /// <summary>The rule in words, after the warm-up's name.</summary>
        public static string WarmupRule(long epochs) => $"less than 'train.epochs' ({epochs})";

        /// <summary>The keys of 'train'.</summary>
        public static string[] Keys => new[] { BatchSize.Key, Epochs.Key, "optimizer", "schedule", Seed.Key };

        /// <summary>The keys of 'train.optimizer'.</summary>
        public static string[] OptimizerKeys => new[] { Optimizer.Key, LearningRate.Key, WeightDecay.Key, Momentum.Key };

        /// <summary>The keys of 'train.schedule'.</summary>
        public static string[] ScheduleKeys => new[] { Schedule.Key, WarmupEpochs.Key };
    }
}
