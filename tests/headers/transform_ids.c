/*
 * The IPSEC_*_TRANSFORM_ID_* constants are objects, as in the Windows SDK:
 * every one can be assigned (the pattern of the reference's tunnel-mode
 * sample, `qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_...;`),
 * used to initialise a variable, an array element and a nested aggregate, and
 * compared member by member, with the documented values.  Built as C11 and
 * C++17 by gcc and clang under -Werror (build_and_run.py); unused_tu.c, linked
 * in, includes the same headers and uses none of them.
 */
#include <fwpmk.h>
#include "check.h"

int unused_tu_marker(void);

struct auth_case { const IPSEC_AUTH_TRANSFORM_ID0 *id; int type, config; const char *name; };
struct cipher_case { const IPSEC_CIPHER_TRANSFORM_ID0 *id; int type, config; const char *name; };

/* documented values: IPSEC_AUTH_TYPE / IPSEC_AUTH_CONFIG_*, IPSEC_CIPHER_TYPE / IPSEC_CIPHER_CONFIG_* */
static const struct auth_case auths[] = {
    {&IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96, 0, 0, "HMAC_MD5_96"},
    {&IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96, 1, 1, "HMAC_SHA_1_96"},
    {&IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128, 2, 2, "HMAC_SHA_256_128"},
    {&IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128, 3, 3, "GCM_AES_128"},
    {&IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192, 4, 4, "GCM_AES_192"},
    {&IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256, 5, 5, "GCM_AES_256"},
};
static const struct cipher_case ciphers[] = {
    {&IPSEC_CIPHER_TRANSFORM_ID_CBC_DES, 1, 1, "CBC_DES"},
    {&IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES, 2, 2, "CBC_3DES"},
    {&IPSEC_CIPHER_TRANSFORM_ID_AES_128, 3, 3, "AES_128"},
    {&IPSEC_CIPHER_TRANSFORM_ID_AES_192, 4, 4, "AES_192"},
    {&IPSEC_CIPHER_TRANSFORM_ID_AES_256, 5, 5, "AES_256"},
    {&IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128, 3, 6, "GCM_AES_128"},
    {&IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192, 4, 7, "GCM_AES_192"},
    {&IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256, 5, 8, "GCM_AES_256"},
};

static int auth_eq(IPSEC_AUTH_TRANSFORM_ID0 a, IPSEC_AUTH_TRANSFORM_ID0 b)
{
    return a.authType == b.authType && a.authConfig == b.authConfig;
}
static int cipher_eq(IPSEC_CIPHER_TRANSFORM_ID0 a, IPSEC_CIPHER_TRANSFORM_ID0 b)
{
    return a.cipherType == b.cipherType && a.cipherConfig == b.cipherConfig;
}

int main(void)
{
    size_t i, j;
    CHECK(unused_tu_marker() == 1);

    /* values */
    for (i = 0; i < sizeof auths / sizeof auths[0]; i++) {
        if ((int)auths[i].id->authType != auths[i].type || (int)auths[i].id->authConfig != auths[i].config)
            printf("IPSEC_AUTH_TRANSFORM_ID_%s = {%d, %d}, documented {%d, %d}\n", auths[i].name,
                   (int)auths[i].id->authType, (int)auths[i].id->authConfig, auths[i].type, auths[i].config);
        CHECK((int)auths[i].id->authType == auths[i].type);
        CHECK((int)auths[i].id->authConfig == auths[i].config);
    }
    for (i = 0; i < sizeof ciphers / sizeof ciphers[0]; i++) {
        if ((int)ciphers[i].id->cipherType != ciphers[i].type || (int)ciphers[i].id->cipherConfig != ciphers[i].config)
            printf("IPSEC_CIPHER_TRANSFORM_ID_%s = {%d, %d}, documented {%d, %d}\n", ciphers[i].name,
                   (int)ciphers[i].id->cipherType, (int)ciphers[i].id->cipherConfig, ciphers[i].type,
                   ciphers[i].config);
        CHECK((int)ciphers[i].id->cipherType == ciphers[i].type);
        CHECK((int)ciphers[i].id->cipherConfig == ciphers[i].config);
    }

    /* assignment, the documented pattern, into the structures that carry them */
    {
        struct { IPSEC_AUTH_TRANSFORM0 authTransform; IPSEC_CIPHER_TRANSFORM0 cipherTransform; } qm;
        IPSEC_SA_AUTH_AND_CIPHER_INFORMATION0 sa;
        memset(&qm, 0, sizeof qm);
        memset(&sa, 0, sizeof sa);
        qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96;
        CHECK(auth_eq(qm.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96));
        qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96;
        CHECK(auth_eq(qm.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96));
        qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128;
        CHECK(auth_eq(qm.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128));
        qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128;
        CHECK(auth_eq(qm.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128));
        qm.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192;
        CHECK(auth_eq(qm.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192));
        sa.saAuthInformation.authTransform.authTransformId = IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256;
        CHECK(auth_eq(sa.saAuthInformation.authTransform.authTransformId, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256));

        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_CBC_DES;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_CBC_DES));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_128;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_AES_128));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_192;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_AES_192));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_AES_256;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_AES_256));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128));
        qm.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192;
        CHECK(cipher_eq(qm.cipherTransform.cipherTransformId, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192));
        sa.saCipherInformation.cipherTransform.cipherTransformId = IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256;
        CHECK(cipher_eq(sa.saCipherInformation.cipherTransform.cipherTransformId,
                        IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256));
    }

    /* initialisation: a variable, array elements, a nested aggregate */
    {
        const IPSEC_AUTH_TRANSFORM_ID0 sha1 = IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96;
        IPSEC_CIPHER_TRANSFORM_ID0 aes = IPSEC_CIPHER_TRANSFORM_ID_AES_256;
        IPSEC_AUTH_TRANSFORM_ID0 all_auth[] = {
            IPSEC_AUTH_TRANSFORM_ID_HMAC_MD5_96, IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96,
            IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_128,
            IPSEC_AUTH_TRANSFORM_ID_GCM_AES_192, IPSEC_AUTH_TRANSFORM_ID_GCM_AES_256,
        };
        IPSEC_CIPHER_TRANSFORM_ID0 all_cipher[] = {
            IPSEC_CIPHER_TRANSFORM_ID_CBC_DES, IPSEC_CIPHER_TRANSFORM_ID_CBC_3DES,
            IPSEC_CIPHER_TRANSFORM_ID_AES_128, IPSEC_CIPHER_TRANSFORM_ID_AES_192,
            IPSEC_CIPHER_TRANSFORM_ID_AES_256, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_128,
            IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_192, IPSEC_CIPHER_TRANSFORM_ID_GCM_AES_256,
        };
        IPSEC_AUTH_TRANSFORM0 nested = { IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128, NULL };
        CHECK(auth_eq(sha1, *auths[1].id));
        CHECK(cipher_eq(aes, *ciphers[4].id));
        CHECK(auth_eq(nested.authTransformId, IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_256_128));
        CHECK(sizeof all_auth / sizeof all_auth[0] == sizeof auths / sizeof auths[0]);
        CHECK(sizeof all_cipher / sizeof all_cipher[0] == sizeof ciphers / sizeof ciphers[0]);
        for (i = 0; i < sizeof all_auth / sizeof all_auth[0]; i++)
            CHECK(auth_eq(all_auth[i], *auths[i].id));
        for (i = 0; i < sizeof all_cipher / sizeof all_cipher[0]; i++)
            CHECK(cipher_eq(all_cipher[i], *ciphers[i].id));

        /* comparison tells them apart: no two constants of a kind are equal */
        for (i = 0; i < sizeof all_auth / sizeof all_auth[0]; i++)
            for (j = 0; j < sizeof all_auth / sizeof all_auth[0]; j++)
                CHECK(auth_eq(all_auth[i], all_auth[j]) == (i == j));
        for (i = 0; i < sizeof all_cipher / sizeof all_cipher[0]; i++)
            for (j = 0; j < sizeof all_cipher / sizeof all_cipher[0]; j++)
                CHECK(cipher_eq(all_cipher[i], all_cipher[j]) == (i == j));
        CHECK(memcmp(&sha1, &IPSEC_AUTH_TRANSFORM_ID_HMAC_SHA_1_96, sizeof sha1) == 0);
    }

    printf("transform_ids: %d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
