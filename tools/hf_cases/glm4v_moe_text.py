"""GLM-4.5V's text model alone (model_type glm4v_moe_text, Glm4vMoeTextModel): defaults, GLM-4.5V's text_config,
and a tiny one with the MoE layout options."""
from hf_cases.glm4v_moe import text_45v

CASES = [
    dict(case_id="glm4v_moe_text-defaults", model_type="glm4v_moe_text", config={},
         architecture="Glm4vMoeTextModel", kv_cache=True, source="Glm4vMoeTextConfig() defaults"),
    dict(case_id="glm4v_moe_text-4.5v", model_type="glm4v_moe_text", architecture="Glm4vMoeTextModel",
         kv_cache=True, source="text_config of zai-org/GLM-4.5V (a stored dump of it)", config=text_45v()),
    dict(case_id="glm4v_moe_text-tiny-options", model_type="glm4v_moe_text", architecture="Glm4vMoeTextModel",
         kv_cache=True, source="3 layers, first_k_dense_replace 0, 5 routed experts, no attention_bias,"
                               " partial_rotary_factor 1 in rope_parameters",
         config=dict(vocab_size=96, hidden_size=48, intermediate_size=64, num_hidden_layers=3, num_attention_heads=6,
                     num_key_value_heads=2, moe_intermediate_size=16, n_routed_experts=5, num_experts_per_tok=2,
                     first_k_dense_replace=0, attention_bias=False,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, partial_rotary_factor=1.0,
                                          mrope_section=[2, 1, 1]))),
]
