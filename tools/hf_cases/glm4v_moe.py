"""GLM-4.5V: defaults, GLM-4.5V as published, both heads, and every option the template reads (the MoE layout:
first_k_dense_replace, n_routed_experts and its num_local_experts alias, n_shared_experts, top-k; attention_bias,
use_qk_norm (ignored), head_dim, partial_rotary_factor; the vision tower's keys; the top-level tie or
text_config's). Heads with a text decoder record the KV cache of a one-token forward (kv_cache=True)."""
from hf_cases.glm4v import vision_published

TEXT = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, moe_intermediate_size=24, n_routed_experts=4, num_experts_per_tok=2,
            rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=0.5,
                                 mrope_section=[2, 1, 1]))
VISION = dict(depth=2, hidden_size=32, num_heads=2, image_size=16, patch_size=4, spatial_merge_size=2,
              temporal_patch_size=2, out_hidden_size=64, intermediate_size=48)
TINY = dict(text_config=TEXT, vision_config=VISION)


def text_45v(**overrides):
    """text_config of zai-org/GLM-4.5V (its config as transformers 5.7 printed it, in a stored report)."""
    config = dict(attention_bias=True, attention_dropout=0.0, eos_token_id=[151329, 151336, 151338],
                  first_k_dense_replace=1, head_dim=128, hidden_act="silu", hidden_size=4096, initializer_range=0.02,
                  intermediate_size=10944, max_position_embeddings=65536, model_type="glm4v_moe_text",
                  moe_intermediate_size=1408, n_group=1, n_routed_experts=128, n_shared_experts=1,
                  norm_topk_prob=True, num_attention_heads=96, num_experts_per_tok=8, num_hidden_layers=46,
                  num_key_value_heads=8, pad_token_id=151329, partial_rotary_factor=0.5, rms_norm_eps=1e-05,
                  rope_parameters=dict(mrope_section=[8, 12, 12], partial_rotary_factor=0.5, rope_theta=10000.0,
                                       rope_type="default"),
                  routed_scaling_factor=1.0, router_aux_loss_coef=0.0001, tie_word_embeddings=False, topk_group=1,
                  use_cache=True, use_qk_norm=False, vocab_size=151552)
    config.update(overrides)
    return config


CG = "Glm4vMoeForConditionalGeneration"
CASES = [
    dict(case_id="glm4v_moe-defaults", model_type="glm4v_moe", config={}, architecture=CG, kv_cache=True,
         source="Glm4vMoeConfig() defaults (Glm4vMoeTextConfig and Glm4vMoeVisionConfig defaults)"),
    dict(case_id="glm4v_moe-4.5v", model_type="glm4v_moe", architecture=CG, kv_cache=True,
         source="zai-org/GLM-4.5V config (a stored dump of it; its checkpoint holds 107,710,933,120 elements:"
                " these parameters and the 45 x 128 e_score_correction_bias buffers)",
         config=dict(image_start_token_id=151339, image_end_token_id=151340, image_token_id=151363,
                     video_start_token_id=151341, video_end_token_id=151342, video_token_id=151364,
                     tie_word_embeddings=False, text_config=text_45v(),
                     vision_config=vision_published(intermediate_size=10944))),
    dict(case_id="glm4v_moe-tiny-options", model_type="glm4v_moe", architecture=CG, kv_cache=True,
         source="text: 4 layers, first_k_dense_replace 2, num_local_experts alias, 2 shared experts, top-1,"
                " attention_bias false, use_qk_norm true (no q/k norms in Glm4vMoe), head_dim 8, MQA; vision:"
                " attribute_map names, attention_bias, patch 2, merge 1",
         config=dict(text_config=dict(TEXT, num_hidden_layers=4, first_k_dense_replace=2, num_local_experts=3,
                                      n_shared_experts=2, num_experts_per_tok=1, attention_bias=False,
                                      use_qk_norm=True, head_dim=8, num_key_value_heads=1,
                                      rope_parameters=dict(rope_type="default", rope_theta=10000.0,
                                                           partial_rotary_factor=0.5, mrope_section=[1, 1, 0])),
                     vision_config=dict(num_hidden_layers=1, hidden_size=24, num_attention_heads=3, image_size=8,
                                        patch_size=2, spatial_merge_size=1, temporal_patch_size=2,
                                        out_hidden_size=64, intermediate_size=20, attention_bias=True))),
    dict(case_id="glm4v_moe-tiny-text-tied", model_type="glm4v_moe", architecture=CG, kv_cache=True,
         source="text_config.tie_word_embeddings true ties lm_head (Glm4vMoeConfig)",
         config=dict(TINY, text_config=dict(TEXT, tie_word_embeddings=True))),
    dict(case_id="glm4v_moe-tiny-model", model_type="glm4v_moe", architecture="Glm4vMoeModel", kv_cache=True,
         source="base model, top-level tie_word_embeddings true (no head to tie)",
         config=dict(TINY, tie_word_embeddings=True)),
]
