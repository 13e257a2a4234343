using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Reflection;

namespace GongPrivacy.Serialization
{
    /// <summary>Creates the empty collection that stands in for a missing or <c>null</c> JSON array.</summary>
    internal static class EmptyCollectionFactory
    {
        private static readonly ConcurrentDictionary<Type, Func<object>?> Factories = new ConcurrentDictionary<Type, Func<object>?>();

        public static bool CanCreate(Type type) => Factories.GetOrAdd(type, Build) != null;

        public static object Create(Type type) => Factories.GetOrAdd(type, Build)!.Invoke();

        private static Func<object>? Build(Type type)
        {
            if (type == typeof(string) || !type.GetTypeInfo().IsGenericType)
            {
                return null;
            }

            var definition = type.GetGenericTypeDefinition();
            var element = type.GetGenericArguments()[0];
            if (type.GetGenericArguments().Length != 1)
            {
                return null;
            }

            Type concrete;
            if (definition == typeof(ICollection<>) || definition == typeof(Collection<>))
            {
                concrete = typeof(Collection<>).MakeGenericType(element);
            }
            else if (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IEnumerable<>))
            {
                concrete = typeof(List<>).MakeGenericType(element);
            }
            else
            {
                return null;
            }

            return () => Activator.CreateInstance(concrete)!;
        }
    }
}
