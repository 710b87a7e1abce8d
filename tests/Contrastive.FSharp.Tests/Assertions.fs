/// NUnit's overloads that F# cannot choose between, pinned to one each.
module Contrastive.FSharp.Tests.Assertions

open NUnit.Framework

/// `actual` equals `expected` (arrays and sequences element by element).
let equal (expected: 'T) (actual: 'T) = Assert.That(box actual, Is.EqualTo(box expected))

/// `actual` differs from `other`.
let notEqual (other: 'T) (actual: 'T) = Assert.That(box actual, Is.Not.EqualTo(box other))

/// `action` throws an exception of type 'E whose message contains `fragment`; any other exception fails the test as it is.
let throwsWith<'E when 'E :> exn> (fragment: string) (action: unit -> unit) =
    let thrown =
        try
            action ()
            None
        with :? 'E as e ->
            Some e
    match thrown with
    | Some e -> Assert.That(e.Message, Does.Contain fragment)
    | None -> Assert.Fail(sprintf "expected %s containing '%s', but nothing was thrown" typeof<'E>.Name fragment)
