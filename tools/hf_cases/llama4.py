"""Llama 4 (`llama4`: Llama4Config, image-text): defaults, Llama-4-Scout-17B-16E and
Llama-4-Maverick-17B-128E as published (text_config and vision_config keys as in their config.json,
recalled and checked against the totals the model cards give: 109B and 400B), and every option the template
reads (text MoE schedule, chunked layers, vision widths, vision_output_dim, the two tie_word_embeddings)."""

NO_ROPE_48 = [0 if (i + 1) % 4 == 0 else 1 for i in range(48)]  # every 4th layer NoPE, as published
SCOUT_TEXT = dict(attention_bias=False, attention_chunk_size=8192, attn_scale=0.1, attn_temperature_tuning=True,
                  bos_token_id=200000, eos_token_id=[200001, 200007, 200008], floor_scale=8192, head_dim=128,
                  hidden_act="silu", hidden_size=5120, interleave_moe_layer_step=1, intermediate_size=8192,
                  intermediate_size_mlp=16384, max_position_embeddings=10485760, model_type="llama4_text",
                  moe_layers=list(range(48)), no_rope_layers=NO_ROPE_48, num_attention_heads=40,
                  num_experts_per_tok=1, num_hidden_layers=48, num_key_value_heads=8, num_local_experts=16,
                  pad_token_id=200018, rms_norm_eps=1e-05,
                  rope_scaling=dict(factor=16.0, high_freq_factor=1.0, low_freq_factor=1.0,
                                    original_max_position_embeddings=8192, rope_type="llama3"),
                  rope_theta=500000.0, use_qk_norm=True, vocab_size=202048)
MAVERICK_TEXT = dict(SCOUT_TEXT, interleave_moe_layer_step=2, moe_layers=list(range(1, 48, 2)), num_local_experts=128,
                     max_position_embeddings=1048576, use_qk_norm=False, rope_scaling=None)
VISION = dict(attention_dropout=0.0, hidden_act="gelu", hidden_size=1408, image_size=336, intermediate_size=5632,
              model_type="llama4_vision_model", multi_modal_projector_bias=False, norm_eps=1e-05,
              num_attention_heads=16, num_channels=3, num_hidden_layers=34, patch_size=14, pixel_shuffle_ratio=0.5,
              projector_dropout=0.0, projector_input_dim=4096, projector_output_dim=4096, rope_theta=10000,
              vision_feature_layer=-1, vision_feature_select_strategy="default", vision_output_dim=4096)
TOP = dict(boi_token_index=200080, eoi_token_index=200081, image_token_index=200092, tie_word_embeddings=False)

TINY_TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=32, intermediate_size_mlp=96, num_hidden_layers=4,
                 num_attention_heads=4, num_key_value_heads=2, head_dim=16, num_local_experts=4, attention_chunk_size=8)
TINY_VISION = dict(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2, image_size=32,
                   patch_size=8, projector_input_dim=24, projector_output_dim=24, vision_output_dim=24)
TINY = dict(text_config=TINY_TEXT, vision_config=TINY_VISION)

CASES = [
    dict(case_id="llama4-defaults", model_type="llama4", config={}, architecture="Llama4ForConditionalGeneration",
         source="Llama4Config() defaults (Llama4TextConfig and Llama4VisionConfig defaults)"),
    dict(case_id="llama4-scout-17b-16e", model_type="llama4", architecture="Llama4ForConditionalGeneration",
         source="meta-llama/Llama-4-Scout-17B-16E config.json (from memory; the card's 109B total, 17B active)",
         config=dict(TOP, text_config=SCOUT_TEXT, vision_config=VISION)),
    dict(case_id="llama4-maverick-17b-128e", model_type="llama4", architecture="Llama4ForConditionalGeneration",
         source="meta-llama/Llama-4-Maverick-17B-128E config.json (from memory; the card's 400B total, 17B active)",
         config=dict(TOP, text_config=MAVERICK_TEXT, vision_config=VISION)),
    dict(case_id="llama4-tiny", model_type="llama4", architecture="Llama4ForConditionalGeneration",
         source="tiny towers", config=dict(TINY)),
    dict(case_id="llama4-tiny-options", model_type="llama4", architecture="Llama4ForConditionalGeneration",
         source="top-level tie_word_embeddings true; MoE every 2nd layer, 5 layers, attention biases, MQA, "
                "head_dim 8; vision 1 channel, 3 layers",
         config=dict(TINY, tie_word_embeddings=True,
                     text_config=dict(TINY_TEXT, num_hidden_layers=5, interleave_moe_layer_step=2, attention_bias=True,
                                      num_key_value_heads=1, head_dim=8),
                     vision_config=dict(TINY_VISION, num_channels=1, num_hidden_layers=3, vision_output_dim=40))),
    dict(case_id="llama4-tiny-text-tied", model_type="llama4", architecture="Llama4ForConditionalGeneration",
         source="text_config.tie_word_embeddings true, the top level's false",
         config=dict(TINY, text_config=dict(TINY_TEXT, tie_word_embeddings=True))),
]
