using System;
using System.Text;

namespace GongPrivacy.Cli
{
    /// <summary>The kind of a data subject's identifier.</summary>
    internal enum SubjectKind
    {
        Email,
        Phone,
    }

    /// <summary>A data subject: an email address or a phone number, checked.</summary>
    internal sealed class Subject
    {
        private Subject(SubjectKind kind, string value)
        {
            Kind = kind;
            Value = value;
        }

        public SubjectKind Kind { get; }

        /// <summary>The value as given. Personal data: never print it, use <see cref="Masked"/>.</summary>
        public string Value { get; }

        public string KindName => Kind == SubjectKind.Email ? "email" : "phone";

        public string Masked => Kind == SubjectKind.Email ? GongRedaction.MaskEmail(Value) : GongRedaction.MaskPhone(Value);

        /// <summary>The form two spellings of the same subject share: a lower-case address, or '+' and the digits.</summary>
        public string Canonical
        {
            get
            {
                if (Kind == SubjectKind.Email)
                {
                    return Value.Trim().ToLowerInvariant();
                }

                var digits = new StringBuilder("+");
                foreach (var c in Value)
                {
                    if (c >= '0' && c <= '9')
                    {
                        digits.Append(c);
                    }
                }

                return digits.ToString();
            }
        }

        public static bool TryParseKind(string? text, out SubjectKind kind)
        {
            switch (text?.Trim().ToLowerInvariant())
            {
                case "email":
                    kind = SubjectKind.Email;
                    return true;
                case "phone":
                    kind = SubjectKind.Phone;
                    return true;
                default:
                    kind = SubjectKind.Email;
                    return false;
            }
        }

        /// <summary>Checks a value; the error never repeats it.</summary>
        public static Subject Create(SubjectKind kind, string? value)
        {
            var text = value?.Trim() ?? string.Empty;
            if (kind == SubjectKind.Email && !GongValidation.IsEmailAddress(text))
            {
                throw new CliException(ExitCodes.Usage, "The email address is not valid (expected local-part@domain, no spaces).");
            }

            if (kind == SubjectKind.Phone && !GongValidation.IsPhoneNumber(text))
            {
                throw new CliException(ExitCodes.Usage, "The phone number is not valid: give '+', the country code and the number, such as +44 20 7946 0018.");
            }

            return new Subject(kind, text);
        }

        public override string ToString() => KindName + " " + Masked;
    }
}
