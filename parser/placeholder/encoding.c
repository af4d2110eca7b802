/*
 * placeholder/encoding.c — UTF-8, UTF-16 and windows-1252 only, while parser/encoding.c is not
 * part of the tree. Built only when parser/encoding.c does not exist (see CMakeLists.txt).
 */
#include "encoding.h"

#include <string.h>

static const uint16_t windows_1252[128] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
    0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE,
    0xAF, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD,
    0xBE, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC,
    0xCD, 0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB,
    0xDC, 0xDD, 0xDE, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA,
    0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9,
    0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF};

sv_encoding sv_encoding_from_label(const char *label, size_t len)
{
    if ((len == 5 && strncmp(label, "utf-8", 5) == 0) || (len == 4 && !strncmp(label, "utf8", 4)))
        return SV_ENC_UTF8;
    if (len == 12 && strncmp(label, "windows-1252", 12) == 0)
        return SV_ENC_WINDOWS_1252;
    return SV_ENC_UNKNOWN;
}

const char *sv_encoding_name(sv_encoding enc)
{
    switch (enc) {
    case SV_ENC_UTF8: return "UTF-8";
    case SV_ENC_UTF16LE: return "UTF-16LE";
    case SV_ENC_UTF16BE: return "UTF-16BE";
    case SV_ENC_WINDOWS_1252: return "windows-1252";
    default: return "unknown";
    }
}

const uint16_t *sv_encoding_single_byte_table(sv_encoding enc)
{
    return enc == SV_ENC_WINDOWS_1252 ? windows_1252 : NULL;
}

int sv_encoding_can_decode(sv_encoding enc) { return enc >= 0 && enc <= SV_ENC_WINDOWS_1252; }

sv_encoding sv_encoding_sniff_bom(const uint8_t *data, size_t len, size_t *bom_len)
{
    *bom_len = 0;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        *bom_len = 3;
        return SV_ENC_UTF8;
    }
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
        *bom_len = 2;
        return SV_ENC_UTF16BE;
    }
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
        *bom_len = 2;
        return SV_ENC_UTF16LE;
    }
    return SV_ENC_UNKNOWN;
}

sv_encoding sv_encoding_prescan(const uint8_t *data, size_t len)
{
    (void)data;
    (void)len;
    return SV_ENC_UNKNOWN;
}
