"""Qwen3-Next: defaults, Qwen3-Next-80B-A3B as published, every head, and every option the
template reads (layer_types, full_attention_interval, partial rotary, attention bias, sparse-layer
rules, tying)."""

TINY = dict(vocab_size=128, hidden_size=64, intermediate_size=96, num_hidden_layers=4, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, moe_intermediate_size=32, shared_expert_intermediate_size=48,
            num_experts=4, num_experts_per_tok=2, linear_num_key_heads=2, linear_num_value_heads=4,
            linear_key_head_dim=8, linear_value_head_dim=12, linear_conv_kernel_dim=3)

CASES = [
    dict(case_id="qwen3_next-defaults", model_type="qwen3_next", config={}, architecture="Qwen3NextForCausalLM",
         source="Qwen3NextConfig() defaults"),
    dict(case_id="qwen3_next-80b-a3b", model_type="qwen3_next", architecture="Qwen3NextForCausalLM",
         source="Qwen/Qwen3-Next-80B-A3B-Instruct config.json",
         config=dict(attention_bias=False, attention_dropout=0.0, bos_token_id=151643, decoder_sparse_step=1,
                     eos_token_id=151645, full_attention_interval=4, head_dim=256, hidden_act="silu",
                     hidden_size=2048, initializer_range=0.02, intermediate_size=5120, linear_conv_kernel_dim=4,
                     linear_key_head_dim=128, linear_num_key_heads=16, linear_num_value_heads=32,
                     linear_value_head_dim=128, max_position_embeddings=262144, mlp_only_layers=[],
                     moe_intermediate_size=512, norm_topk_prob=True, num_attention_heads=16, num_experts=512,
                     num_experts_per_tok=10, num_hidden_layers=48, num_key_value_heads=2,
                     output_router_logits=False, partial_rotary_factor=0.25, rms_norm_eps=1e-06,
                     rope_theta=10000000, router_aux_loss_coef=0.001, shared_expert_intermediate_size=512,
                     tie_word_embeddings=False, use_cache=True, vocab_size=151936)),
    dict(case_id="qwen3_next-tiny", model_type="qwen3_next", architecture="Qwen3NextForCausalLM",
         source="tiny, default interval (layer 3 full attention)", config=dict(TINY)),
    dict(case_id="qwen3_next-tiny-options", model_type="qwen3_next", architecture="Qwen3NextForCausalLM",
         source="every option flipped: layer_types listed, attention bias, tied, rope_parameters' partial "
                "rotary 0.5, sparse step 2, an MLP-only layer, interval ignored",
         config=dict(TINY, num_hidden_layers=5, full_attention_interval=2,
                     layer_types=["full_attention", "linear_attention", "full_attention", "linear_attention",
                                  "linear_attention"],
                     attention_bias=True, tie_word_embeddings=True, decoder_sparse_step=2, mlp_only_layers=[3],
                     rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.5})),
    dict(case_id="qwen3_next-tiny-interval", model_type="qwen3_next", architecture="Qwen3NextForCausalLM",
         source="full_attention_interval 2, no experts (dense MLPs), partial_rotary_factor 1",
         config=dict(TINY, full_attention_interval=2, num_experts=0, partial_rotary_factor=1.0)),
    dict(case_id="qwen3_next-tiny-model", model_type="qwen3_next", architecture="Qwen3NextModel",
         source="base model", config=dict(TINY)),
    dict(case_id="qwen3_next-tiny-seq-cls", model_type="qwen3_next", architecture="Qwen3NextForSequenceClassification",
         source="sequence classification head", config=dict(TINY, num_labels=3)),
    dict(case_id="qwen3_next-tiny-token-cls", model_type="qwen3_next", architecture="Qwen3NextForTokenClassification",
         source="token classification head", config=dict(TINY)),
    dict(case_id="qwen3_next-tiny-qa", model_type="qwen3_next", architecture="Qwen3NextForQuestionAnswering",
         source="question answering head (base under transformer.)", config=dict(TINY)),
]
