"""Qwen3-VL MoE's text model alone (model_type qwen3_vl_moe_text, Qwen3VLMoeTextModel): defaults,
Qwen3-VL-30B-A3B-Instruct's text_config, and a tiny one with the MoE schedule options and the sliding-window keys
that Qwen3VLMoeTextConfig overrides."""
from hf_cases.qwen3_vl_moe import text_30b

CASES = [
    dict(case_id="qwen3_vl_moe_text-defaults", model_type="qwen3_vl_moe_text", config={},
         architecture="Qwen3VLMoeTextModel", kv_cache=True, source="Qwen3VLMoeTextConfig() defaults"),
    dict(case_id="qwen3_vl_moe_text-30b-a3b-instruct", model_type="qwen3_vl_moe_text",
         architecture="Qwen3VLMoeTextModel", kv_cache=True,
         source="text_config of Qwen/Qwen3-VL-30B-A3B-Instruct (from memory of the Hub file)", config=text_30b()),
    dict(case_id="qwen3_vl_moe_text-tiny-options", model_type="qwen3_vl_moe_text", architecture="Qwen3VLMoeTextModel",
         kv_cache=True, source="3 layers, mlp_only_layers [1], num_local_experts, head_dim null, attention_bias;"
                               " use_sliding_window/sliding_window ignored",
         config=dict(vocab_size=96, hidden_size=48, intermediate_size=64, num_hidden_layers=3, num_attention_heads=6,
                     num_key_value_heads=2, head_dim=None, attention_bias=True, moe_intermediate_size=16,
                     num_local_experts=3, num_experts_per_tok=2, mlp_only_layers=[1], use_sliding_window=True,
                     sliding_window=4, rope_parameters=dict(rope_type="default", rope_theta=10000.0,
                                                            mrope_section=[2, 1, 1]))),
]
