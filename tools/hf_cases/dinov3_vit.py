"""DINOv3 ViT: defaults, the published layouts (ViT-S/16, ViT-B/16, ViT-L/16, ViT-H+/16, ViT-7B/16 with four register
tokens), both heads (DINOv3ViTModel, DINOv3ViTBackbone) and every option the template reads (the four attention
bias flags, mlp_bias, use_gated_mlp, registers, channels, patch size, head_dim's RoPE table)."""

TINY = dict(hidden_size=48, intermediate_size=80, num_hidden_layers=2, num_attention_heads=4, image_size=32,
            patch_size=8)


def published(**overrides):
    """facebook/dinov3-vits16-pretrain-lvd1689m's config.json, with the size keys overridden."""
    config = dict(hidden_size=384, intermediate_size=1536, num_hidden_layers=12, num_attention_heads=6,
                  image_size=224, patch_size=16, num_channels=3, num_register_tokens=4, hidden_act="gelu",
                  layer_norm_eps=1e-05, layerscale_value=1.0, rope_theta=100.0, pos_embed_rescale=2.0,
                  query_bias=True, key_bias=False, value_bias=True, proj_bias=True, mlp_bias=True,
                  use_gated_mlp=False)
    config.update(overrides)
    return config


CASES = [
    dict(case_id="dinov3_vit-defaults", model_type="dinov3_vit", config={}, architecture="DINOv3ViTModel",
         source="DINOv3ViTConfig() defaults"),
    dict(case_id="dinov3_vit-defaults-backbone", model_type="dinov3_vit", config={},
         architecture="DINOv3ViTBackbone", source="DINOv3ViTConfig() defaults, the backbone head"),
    dict(case_id="dinov3_vit-vits16", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="facebook/dinov3-vits16-pretrain-lvd1689m layout", config=published()),
    dict(case_id="dinov3_vit-vitb16", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="facebook/dinov3-vitb16-pretrain-lvd1689m layout",
         config=published(hidden_size=768, intermediate_size=3072, num_attention_heads=12)),
    dict(case_id="dinov3_vit-vitl16", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="facebook/dinov3-vitl16-pretrain-lvd1689m layout",
         config=published(hidden_size=1024, intermediate_size=4096, num_hidden_layers=24, num_attention_heads=16)),
    dict(case_id="dinov3_vit-vith16plus", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="facebook/dinov3-vith16plus-pretrain-lvd1689m layout (gated MLP)",
         config=published(hidden_size=1280, intermediate_size=5120, num_hidden_layers=32, num_attention_heads=20,
                          use_gated_mlp=True)),
    dict(case_id="dinov3_vit-vit7b16", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="facebook/dinov3-vit7b16-pretrain-lvd1689m layout (gated MLP)",
         config=published(hidden_size=4096, intermediate_size=8192, num_hidden_layers=40, num_attention_heads=32,
                          use_gated_mlp=True, layerscale_value=1e-05)),
    dict(case_id="dinov3_vit-tiny-biases", model_type="dinov3_vit", architecture="DINOv3ViTModel",
         source="flipped bias flags, two registers, one channel",
         config=dict(TINY, query_bias=False, key_bias=True, value_bias=False, proj_bias=False, mlp_bias=False,
                     num_register_tokens=2, num_channels=1)),
    dict(case_id="dinov3_vit-tiny-gated-backbone", model_type="dinov3_vit", architecture="DINOv3ViTBackbone",
         source="gated MLP, rectangular image and patch, head_dim 10 (RoPE table of ceil(10/4))",
         config=dict(TINY, hidden_size=40, use_gated_mlp=True, image_size=[32, 48], patch_size=[8, 16],
                     out_indices=[1, 2])),
]
