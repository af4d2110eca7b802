#!/usr/bin/env python3
"""Generates parser/encoding_tables.c: the encodings of the WHATWG Encoding Standard, their
labels, and the decoding tables of the single-byte encodings.

    python3 tools/gen_encodings.py > parser/encoding_tables.c

The labels and names are those of the Encoding Standard's "Names and labels" table (written
out below). The single-byte tables come from Python's codecs, corrected where Python's mapping
differs from the standard's index-*.txt files:

  * windows-874 and windows-1250..1258: Python leaves some bytes of 0x80..0x9F undefined
    (e.g. windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D). The standard's indexes map every such
    byte to the C1 control of the same value (U+0081 ...), as Windows does.
  * windows-1255: the standard maps 0xCA to U+05BA HEBREW POINT HOLAM HASER FOR VAV (as
    Windows does); Python leaves it undefined.
  * KOI8-U: the standard's table is the KOI8-RU variant: 0xAE is U+045E and 0xBE is U+040E,
    where Python's koi8_u has box-drawing characters.
  * x-user-defined is not in Python: bytes 0x80..0xFF map to U+F780..U+F7FF.

Bytes 0x80..0xFF that stay undefined (e.g. ISO-8859-3's 0xA5) are written as 0: decoding
them is an error (U+FFFD). Bytes 0x00..0x7F are ASCII in every single-byte encoding.
"""
import codecs
import sys

# (name, ids macro suffix, python codec or None, labels), in the order of the ids in
# parser/encoding.h. The first four ids are fixed by encoding.h.
ENCODINGS = [
    ("UTF-8", "UTF8", None,
     ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
      "x-unicode20utf8"]),
    ("UTF-16LE", "UTF16LE", None,
     ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16",
      "utf-16le"]),
    ("UTF-16BE", "UTF16BE", None, ["unicodefffe", "utf-16be"]),
    ("windows-1252", "WINDOWS_1252", "cp1252",
     ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
      "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1",
      "latin1", "us-ascii", "windows-1252", "x-cp1252"]),
    ("IBM866", "IBM866", "cp866", ["866", "cp866", "csibm866", "ibm866"]),
    ("ISO-8859-2", "ISO_8859_2", "iso8859_2",
     ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
      "iso_8859-2:1987", "l2", "latin2"]),
    ("ISO-8859-3", "ISO_8859_3", "iso8859_3",
     ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
      "iso_8859-3:1988", "l3", "latin3"]),
    ("ISO-8859-4", "ISO_8859_4", "iso8859_4",
     ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
      "iso_8859-4:1988", "l4", "latin4"]),
    ("ISO-8859-5", "ISO_8859_5", "iso8859_5",
     ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
      "iso_8859-5", "iso_8859-5:1988"]),
    ("ISO-8859-6", "ISO_8859_6", "iso8859_6",
     ["arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
      "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
      "iso_8859-6", "iso_8859-6:1987"]),
    ("ISO-8859-7", "ISO_8859_7", "iso8859_7",
     ["csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7",
      "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987",
      "sun_eu_greek"]),
    ("ISO-8859-8", "ISO_8859_8", "iso8859_8",
     ["csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e",
      "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"]),
    ("ISO-8859-8-I", "ISO_8859_8_I", "iso8859_8", ["csiso88598i", "iso-8859-8-i", "logical"]),
    ("ISO-8859-10", "ISO_8859_10", "iso8859_10",
     ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6",
      "latin6"]),
    ("ISO-8859-13", "ISO_8859_13", "iso8859_13", ["iso-8859-13", "iso8859-13", "iso885913"]),
    ("ISO-8859-14", "ISO_8859_14", "iso8859_14", ["iso-8859-14", "iso8859-14", "iso885914"]),
    ("ISO-8859-15", "ISO_8859_15", "iso8859_15",
     ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"]),
    ("ISO-8859-16", "ISO_8859_16", "iso8859_16", ["iso-8859-16"]),
    ("KOI8-R", "KOI8_R", "koi8_r", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
    ("KOI8-U", "KOI8_U", "koi8_u", ["koi8-ru", "koi8-u"]),
    ("macintosh", "MACINTOSH", "mac_roman", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
    ("windows-874", "WINDOWS_874", "cp874",
     ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]),
    ("windows-1250", "WINDOWS_1250", "cp1250", ["cp1250", "windows-1250", "x-cp1250"]),
    ("windows-1251", "WINDOWS_1251", "cp1251", ["cp1251", "windows-1251", "x-cp1251"]),
    ("windows-1253", "WINDOWS_1253", "cp1253", ["cp1253", "windows-1253", "x-cp1253"]),
    ("windows-1254", "WINDOWS_1254", "cp1254",
     ["cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
      "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"]),
    ("windows-1255", "WINDOWS_1255", "cp1255", ["cp1255", "windows-1255", "x-cp1255"]),
    ("windows-1256", "WINDOWS_1256", "cp1256", ["cp1256", "windows-1256", "x-cp1256"]),
    ("windows-1257", "WINDOWS_1257", "cp1257", ["cp1257", "windows-1257", "x-cp1257"]),
    ("windows-1258", "WINDOWS_1258", "cp1258", ["cp1258", "windows-1258", "x-cp1258"]),
    ("x-mac-cyrillic", "X_MAC_CYRILLIC", "mac_cyrillic", ["x-mac-cyrillic", "x-mac-ukrainian"]),
    ("x-user-defined", "X_USER_DEFINED", "x-user-defined", ["x-user-defined"]),
    ("GBK", "GBK", None,
     ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
      "iso-ir-58", "x-gbk"]),
    ("gb18030", "GB18030", None, ["gb18030"]),
    ("Big5", "BIG5", None, ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"]),
    ("EUC-JP", "EUC_JP", None, ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
    ("ISO-2022-JP", "ISO_2022_JP", None, ["csiso2022jp", "iso-2022-jp"]),
    ("Shift_JIS", "SHIFT_JIS", None,
     ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
      "x-sjis"]),
    ("EUC-KR", "EUC_KR", None,
     ["cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
      "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"]),
    ("replacement", "REPLACEMENT", None,
     ["csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr",
      "replacement"]),
]

# Where the standard's index differs from Python's codec (see the module comment).
OVERRIDES = {
    "windows-1255": {0xCA: 0x05BA},
    "KOI8-U": {0xAE: 0x045E, 0xBE: 0x040E},
}
C1_FILL = {"windows-874", "windows-1250", "windows-1251", "windows-1252", "windows-1253",
           "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258"}


def single_byte_table(name, codec):
    if codec == "x-user-defined":
        return [0xF780 + i for i in range(128)]
    table = []
    for byte in range(0x80, 0x100):
        try:
            text = bytes([byte]).decode(codec)
            assert len(text) == 1
            cp = ord(text)
        except UnicodeDecodeError:
            cp = byte if (name in C1_FILL and byte <= 0x9F) else 0
        table.append(cp)
    for byte, cp in OVERRIDES.get(name, {}).items():
        table[byte - 0x80] = cp
    # ASCII bytes must decode as ASCII in every single-byte encoding.
    for byte in range(0x80):
        assert bytes([byte]).decode(codec) == chr(byte), (name, byte)
    return table


def c_ident(name):
    return "sb_" + name.lower().replace("-", "_")


def main():
    out = sys.stdout
    out.write("/*\n * encoding_tables.c — GENERATED by tools/gen_encodings.py; do not edit.\n"
              " * Encodings, labels and single-byte decoding tables of the WHATWG Encoding"
              " Standard.\n */\n")
    out.write('#include "encoding.h"\n\n')
    out.write("/* The ids of encoding.h must follow the order of this table. */\n")
    for idx, (name, macro, _codec, _labels) in enumerate(ENCODINGS):
        out.write('_Static_assert(SV_ENC_%s == %d, "%s");\n' % (macro, idx, name))
    out.write('_Static_assert(SV_ENC_COUNT == %d, "encoding count");\n\n' % len(ENCODINGS))
    tables = {}
    for idx, (name, macro, codec, _labels) in enumerate(ENCODINGS):
        if codec is None:
            continue
        if codec != "x-user-defined":
            codecs.lookup(codec)
        tables[name] = c_ident(name)
        table = single_byte_table(name, codec)
        out.write("static const uint16_t %s[128] = {\n" % c_ident(name))
        for row in range(0, 128, 8):
            out.write("    " + ", ".join("0x%04X" % cp for cp in table[row:row + 8]) + ",\n")
        out.write("};\n\n")
    out.write("const sv_encoding_info sv_encoding_table[SV_ENC_COUNT] = {\n")
    for idx, (name, macro, codec, _labels) in enumerate(ENCODINGS):
        table = tables.get(name)
        out.write('    {"%s", %s}, /* %d = SV_ENC_%s */\n'
                  % (name, table if table else "NULL", idx, macro))
    out.write("};\n\n")
    labels = sorted((label, idx) for idx, enc in enumerate(ENCODINGS) for label in enc[3])
    assert len({l for l, _ in labels}) == len(labels), "duplicate label"
    out.write("/* Sorted by label (bytewise) for binary search. */\n")
    out.write("const sv_encoding_label sv_encoding_labels[] = {\n")
    for label, idx in labels:
        out.write('    {"%s", %d},\n' % (label, idx))
    out.write("};\n")
    out.write("const size_t sv_encoding_label_count = %d;\n" % len(labels))
    sys.stderr.write("%d encodings, %d labels\n" % (len(ENCODINGS), len(labels)))


if __name__ == "__main__":
    main()
