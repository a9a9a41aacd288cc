"""Llama 4 text model (`llama4_text`: Llama4TextConfig): defaults, Llama-4-Scout's text model, both heads
(Llama4ForCausalLM, Llama4TextModel), and every option the template reads (MoE layers by
interleave_moe_layer_step or moe_layers, no_rope_layers / layer_types for the chunked layers, biases, tying,
head_dim, kv heads)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=32, intermediate_size_mlp=96, num_hidden_layers=4,
            num_attention_heads=4, num_key_value_heads=2, head_dim=16, num_local_experts=4, attention_chunk_size=8)

CASES = [
    dict(case_id="llama4_text-defaults", model_type="llama4_text", config={}, architecture="Llama4ForCausalLM",
         source="Llama4TextConfig() defaults (every layer MoE, 16 experts; every 4th layer NoPE and full attention)"),
    dict(case_id="llama4_text-tiny", model_type="llama4_text", architecture="Llama4ForCausalLM",
         source="tiny, every layer MoE", config=dict(TINY)),
    dict(case_id="llama4_text-tiny-interleave", model_type="llama4_text", architecture="Llama4ForCausalLM",
         source="interleave_moe_layer_step 2 (layers 1 and 3 MoE, as Maverick), 2 experts of top 2, MQA, tied, "
                "layer_types given",
         config=dict(TINY, interleave_moe_layer_step=2, num_local_experts=2, num_experts_per_tok=2,
                     num_key_value_heads=1, tie_word_embeddings=True,
                     layer_types=["full_attention", "chunked_attention", "full_attention", "full_attention"])),
    dict(case_id="llama4_text-tiny-options", model_type="llama4_text", architecture="Llama4ForCausalLM",
         source="moe_layers [0, 3] over interleave_moe_layer_step 3, attention biases, head_dim 24, no_rope_layers "
                "given, no_rope_layer_interval 2, 5 layers",
         config=dict(TINY, num_hidden_layers=5, moe_layers=[0, 3], interleave_moe_layer_step=3, attention_bias=True,
                     head_dim=24, no_rope_layers=[1, 0, 0, 1, 1], no_rope_layer_interval=2)),
    dict(case_id="llama4_text-tiny-dense-nochunk", model_type="llama4_text", architecture="Llama4ForCausalLM",
         source="moe_layers [] (all dense), attention_chunk_size null (all full attention)",
         config=dict(TINY, moe_layers=[], attention_chunk_size=None)),
    dict(case_id="llama4_text-tiny-negative-steps", model_type="llama4_text", architecture="Llama4ForCausalLM",
         source="interleave_moe_layer_step -2 (no MoE layer: range() counts down from -3), "
                "no_rope_layer_interval -3 (layer 2 NoPE)",
         config=dict(TINY, interleave_moe_layer_step=-2, no_rope_layer_interval=-3)),
    dict(case_id="llama4_text-tiny-model", model_type="llama4_text", architecture="Llama4TextModel",
         source="base model", config=dict(TINY)),
]
