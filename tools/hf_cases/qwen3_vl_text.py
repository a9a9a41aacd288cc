"""Qwen3-VL's text model alone (model_type qwen3_vl_text, Qwen3VLTextModel): defaults, Qwen3-VL-8B-Instruct's
text_config, and a tiny one with every option the template reads (kv heads, head_dim, attention_bias; the
sliding-window keys Qwen3VLTextConfig does not have change nothing)."""
from hf_cases.qwen3_vl import text_8b

CASES = [
    dict(case_id="qwen3_vl_text-defaults", model_type="qwen3_vl_text", config={}, architecture="Qwen3VLTextModel",
         kv_cache=True, source="Qwen3VLTextConfig() defaults"),
    dict(case_id="qwen3_vl_text-8b-instruct", model_type="qwen3_vl_text", architecture="Qwen3VLTextModel",
         kv_cache=True, source="text_config of Qwen/Qwen3-VL-8B-Instruct (from memory of the Hub file)",
         config=text_8b()),
    dict(case_id="qwen3_vl_text-tiny-options", model_type="qwen3_vl_text", architecture="Qwen3VLTextModel",
         kv_cache=True, source="MQA, attention_bias, head_dim 8; use_sliding_window/sliding_window ignored",
         config=dict(vocab_size=96, hidden_size=48, intermediate_size=64, num_hidden_layers=3, num_attention_heads=6,
                     num_key_value_heads=1, head_dim=8, attention_bias=True, use_sliding_window=True,
                     sliding_window=4, max_window_layers=1,
                     rope_parameters=dict(rope_type="default", rope_theta=10000.0, mrope_section=[2, 1, 1]))),
]
