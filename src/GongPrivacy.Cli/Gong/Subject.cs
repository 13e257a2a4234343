using System;
using System.Text;
using GongPrivacy.Cli.Commands;

namespace GongPrivacy.Cli.Gong
{
    /// <summary>The kind of a data subject's identifier.</summary>
    internal enum SubjectKind
    {
        /// <summary>An email address.</summary>
        Email,

        /// <summary>A phone number.</summary>
        Phone,
    }

    /// <summary>
    /// A data subject: an email address or a phone number, exactly as the operator wrote it. Its text is normalised to NFC
    /// (an <c>é</c> typed as one character or as <c>e</c> and a combining accent is the same subject, and Gong is asked
    /// about one spelling), and a value holding a character its writer could not see (a zero-width space, a byte order
    /// mark, a bidirectional control, U+FFFD from bytes that were not UTF-8) is refused with its reason: it would name
    /// someone other than the person meant.
    /// </summary>
    internal sealed class Subject
    {
        private Subject(SubjectKind kind, string value)
        {
            Kind = kind;
            Value = value;
        }

        public SubjectKind Kind { get; }

        /// <summary>The value as given, in NFC. Personal data: never print it, use <see cref="Masked"/>.</summary>
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

        /// <summary>Checks a value; the error says why, never what the value is.</summary>
        public static Subject Create(SubjectKind kind, string? value) =>
            TryCreate(kind, value, out var subject, out var problem) ? subject! : throw new CliException(ExitCodes.Usage, char.ToUpperInvariant(problem![0]) + problem.Substring(1) + ".");

        /// <summary>Checks a value: the subject, or the reason it is not one (in words that never repeat the value).</summary>
        public static bool TryCreate(SubjectKind kind, string? value, out Subject? subject, out string? problem)
        {
            subject = null;
            var text = (value ?? string.Empty).Trim();
            var hidden = GongValidation.HiddenCharacter(text);
            if (hidden != null)
            {
                problem = "the " + (kind == SubjectKind.Email ? "email address" : "phone number") + " holds " + hidden + "; remove it, or type the value again";
                return false;
            }

            text = text.Normalize(NormalizationForm.FormC);
            if (kind == SubjectKind.Email && !GongValidation.IsEmailAddress(text))
            {
                problem = "the email address is not valid (expected local-part@domain, no spaces)";
                return false;
            }

            if (kind == SubjectKind.Phone && !GongValidation.IsPhoneNumber(text))
            {
                problem = "the phone number is not valid: give '+', the country code and the number, such as +44 20 7946 0018";
                return false;
            }

            subject = new Subject(kind, text);
            problem = null;
            return true;
        }

        public override string ToString() => KindName + " " + Masked;
    }
}
