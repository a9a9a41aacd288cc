"""ViT-MAE: defaults, facebook/vit-mae-base/large/huge as published (pretraining head with the decoder), both
heads (pretraining, base model) and every option the template reads (widths, depths, heads of encoder and
decoder, qkv_bias, head_dim (shared by the decoder), image and patch sizes (rectangular for the base model),
channels)."""

TINY = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64, image_size=32,
            patch_size=8, decoder_hidden_size=24, decoder_num_hidden_layers=1, decoder_num_attention_heads=2,
            decoder_intermediate_size=48)


def published(**overrides):
    """The keys facebook/vit-mae-base's config.json holds."""
    config = dict(attention_probs_dropout_prob=0.0, decoder_hidden_size=512, decoder_intermediate_size=2048,
                  decoder_num_attention_heads=16, decoder_num_hidden_layers=8, hidden_act="gelu",
                  hidden_dropout_prob=0.0, hidden_size=768, image_size=224, initializer_range=0.02,
                  intermediate_size=3072, layer_norm_eps=1e-12, mask_ratio=0.75, norm_pix_loss=False,
                  num_attention_heads=12, num_channels=3, num_hidden_layers=12, patch_size=16, qkv_bias=True,
                  torch_dtype="float32")
    config.update(overrides)
    return config


CASES = [
    dict(case_id="vit_mae-defaults", model_type="vit_mae", config={}, architecture="ViTMAEForPreTraining",
         source="ViTMAEConfig() defaults"),
    dict(case_id="vit_mae-base", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="facebook/vit-mae-base config.json", config=published()),
    dict(case_id="vit_mae-large", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="facebook/vit-mae-large config.json",
         config=published(hidden_size=1024, intermediate_size=4096, num_attention_heads=16, num_hidden_layers=24)),
    dict(case_id="vit_mae-huge", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="facebook/vit-mae-huge config.json",
         config=published(hidden_size=1280, intermediate_size=5120, num_attention_heads=16, num_hidden_layers=32,
                          patch_size=14)),
    dict(case_id="vit_mae-base-model", model_type="vit_mae", architecture="ViTMAEModel",
         source="facebook/vit-mae-base as ViTMAEModel", config=published()),
    dict(case_id="vit_mae-tiny", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="tiny pretraining model", config=dict(TINY)),
    dict(case_id="vit_mae-tiny-options", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="no qkv bias, two channels, other image and patch sizes",
         config=dict(TINY, qkv_bias=False, num_channels=2, image_size=48, patch_size=6)),
    dict(case_id="vit_mae-tiny-head-dim", model_type="vit_mae", architecture="ViTMAEForPreTraining",
         source="head_dim in the config: used by the encoder and (deepcopied config) the decoder layers",
         config=dict(TINY, head_dim=5)),
    dict(case_id="vit_mae-tiny-model", model_type="vit_mae", architecture="ViTMAEModel",
         source="base model with a rectangular image and patches",
         config=dict(TINY, image_size=[32, 48], patch_size=[8, 4], num_channels=1)),
]
