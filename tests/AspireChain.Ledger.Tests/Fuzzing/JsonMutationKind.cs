namespace AspireChain.Ledger.Tests.Fuzzing;

/// <summary>What a hostile writer can do to a well-formed JSON document, field by field.</summary>
internal enum JsonMutationKind
{
    NullValue,
    WrongType,
    HugeNumber,
    NegativeNumber,
    DeepNesting,
    RemoveProperty,
    ExtraProperty,
    DuplicateProperty,
    HexLength,
    NonHexCharacter,
    NullElement,
    WrongElement,
}
