namespace Contrastive.Vocabularies;

/// <summary>
/// The vocabularies of the toolkit, each defined once as plain data: the datasets and the
/// mutual-information estimators. The files <c>Definitions.*.cs</c> beside this one are compiled by
/// the runtime (here, public) and by the generator (internal, as <c>Contrastive.Generators.Vocabularies</c>),
/// so a spec, the commands and the docs name the same things; this file is the runtime's alone.
/// </summary>
public static partial class Definitions
{
}
