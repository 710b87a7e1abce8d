namespace Contrastive.FSharp

open TorchSharp
open Contrastive.Augment
open Contrastive.Data

/// Augmented views (Contrastive.Augment): a pipeline is the list of steps that makes one view.
[<RequireQualifiedAccess>]
module Views =

    /// A pipeline from its steps: `Views.pipeline [ RandomResizedCrop(MinScale = 0.5); HorizontalFlip() ]`.
    let pipeline (steps: AugmentStep seq) = ViewPipeline(Seq.toArray steps)

    /// Views that are the images themselves.
    let none = ViewPipeline.Identity

    /// The batched view maker for `data`'s image shape.
    let maker (pipeline: ViewPipeline) (data: ImageDataset) =
        let struct (channels, height, width) = data.SampleShape
        ViewMaker(pipeline, int64 channels, int64 height, int64 width)

    /// One view of every image of a float batch [N, C, H, W] in [0, 1].
    let one (generator: torch.Generator) (maker: ViewMaker) (images: torch.Tensor) = maker.MakeView(images, generator)

    /// Two independent views of every image (a positive pair per row).
    let two (generator: torch.Generator) (maker: ViewMaker) (images: torch.Tensor) =
        let struct (first, second) = maker.MakeTwoViews(images, generator)
        first, second
