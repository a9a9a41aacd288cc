"""Pixtral vision encoder: PixtralVisionConfig defaults, the vision configs of Pixtral-12B and Mistral-Small-3.1 as
published, and every option the template reads (channels, patch size, widths, heads, layers, head_dim)."""

TINY = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
            patch_size=8)

CASES = [
    dict(case_id="pixtral-defaults", model_type="pixtral", config={}, architecture="PixtralVisionModel",
         source="PixtralVisionConfig() defaults"),
    dict(case_id="pixtral-12b-vision", model_type="pixtral", architecture="PixtralVisionModel",
         source="mistral-community/pixtral-12b config.json, its vision_config",
         config=dict(head_dim=64, hidden_act="silu", hidden_size=1024, image_size=1024, intermediate_size=4096,
                     model_type="pixtral", num_attention_heads=16, num_hidden_layers=24, patch_size=16,
                     rope_theta=10000.0)),
    dict(case_id="pixtral-mistral-small-3.1-vision", model_type="pixtral", architecture="PixtralVisionModel",
         source="mistralai/Mistral-Small-3.1-24B-Instruct-2503 config.json, its vision_config",
         config=dict(attention_dropout=0.0, head_dim=64, hidden_act="silu", hidden_size=1024, image_size=1540,
                     initializer_range=0.02, intermediate_size=4096, model_type="pixtral", num_attention_heads=16,
                     num_channels=3, num_hidden_layers=24, patch_size=14, rope_theta=10000.0)),
    dict(case_id="pixtral-tiny-options", model_type="pixtral", architecture="PixtralVisionModel",
         source="1 channel, patch 4, 3 layers, 4 heads (head_dim 8), a config head_dim 12 (read by the rotary embedding only)",
         config=dict(TINY, num_channels=1, patch_size=4, num_hidden_layers=3, num_attention_heads=4, head_dim=12)),
    dict(case_id="pixtral-tiny-odd-head", model_type="pixtral", architecture="PixtralVisionModel",
         source="hidden 36, 6 heads -> head_dim 6, patch_size as a list",
         config=dict(TINY, hidden_size=36, num_attention_heads=6, patch_size=[4, 4])),
]
