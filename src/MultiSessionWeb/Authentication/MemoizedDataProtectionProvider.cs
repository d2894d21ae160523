using Microsoft.AspNetCore.DataProtection;

namespace MultiSessionWeb.Authentication;

/// <summary>Hands out <see cref="MemoizedDataProtector"/>s over another provider's protectors.</summary>
public sealed class MemoizedDataProtectionProvider(IDataProtectionProvider inner, TimeProvider time, int capacity, TimeSpan maxAge) : IDataProtectionProvider
{
    public IDataProtector CreateProtector(string purpose) => new MemoizedDataProtector(inner.CreateProtector(purpose), time, capacity, maxAge);
}
